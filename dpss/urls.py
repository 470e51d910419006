from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

admin.autodiscover()
# allauth's way to send the admin's sign-in through allauth (and its second factor).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "DPSS portal administration"

urlpatterns = [
    path("", include("dpss.ui.urls")),
    path("", include("dpss.accounts.urls")),
    path("", include("dpss.notifications.urls")),
    path("", include("recipients.urls")),
    path("", include("queries.urls")),
    path("accounts/", include("allauth.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "dpss.ui.views.error_400"
handler403 = "dpss.ui.views.error_403"
handler404 = "dpss.ui.views.error_404"
handler500 = "dpss.ui.views.error_500"
