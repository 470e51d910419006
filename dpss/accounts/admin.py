from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Invitation, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ["role", "granted_at", "granted_by"]
    readonly_fields = ["granted_at", "granted_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "role_grants__role"]
    inlines = [RoleGrantInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "invited_by", "created_at", "expires_at", "accepted_at", "withdrawn_at"]
    list_filter = ["role"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["token_hash"]
