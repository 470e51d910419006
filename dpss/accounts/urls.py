from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("dashboard/<slug:role>/", views.dashboard, name="dashboard"),
    path("team/invitations/", views.InvitationListView.as_view(), name="invitation_list"),
    path("team/invitations/<int:pk>/withdraw/", views.InvitationWithdrawView.as_view(), name="invitation_withdraw"),
    path("invitation/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
]
