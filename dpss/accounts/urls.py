from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("dashboard/<slug:role>/", views.dashboard, name="dashboard"),
    path("team/invitations/", views.invitation_list, name="invitation_list"),
    path("team/invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="invitation_withdraw"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
