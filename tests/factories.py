"""Test data. Names are synthetic (Faker en_GB)."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from factory.django import DjangoModelFactory

from dpss.accounts.models import RoleGrant, User

TEST_PASSWORD = "correct-horse-battery-staple"
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTTEST"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        EmailAddress.objects.get_or_create(user=self, email=self.email, defaults={"primary": True, "verified": True})
        for role in extracted or ():
            RoleGrant.objects.create(user=self, role=role)
        self.__dict__.pop("roles", None)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        if extracted:
            TOTP.activate(self, TEST_TOTP_SECRET)


def invitation_token(message_body: str) -> str:
    """The single-use token in an invitation email, as the person would follow the link."""
    import re

    return re.search(r"/invitation/([^/\s]+)/", message_body).group(1)
