"""Record who the requester was to the person a query is about (docs/domain.md#queries-about-a-person).

Existing queries get it from what is known about them when they were raised:
the person's own account asked ("person"); someone whose authority for the
person was recorded on that day asked ("representative"); anyone else, and
every query staff logged for a caller, is "third_party", which the person and
their representatives no longer see.
"""

from django.db import migrations, models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate


def raised_as_derive(apps, schema_editor):
    Query = apps.get_model("queries", "Query")
    Representative = apps.get_model("recipients", "Representative")
    about_a_person = Query.objects.filter(requester__isnull=False, about__isnull=False)
    about_a_person.filter(about__user=F("requester")).update(raised_as="person")
    had_authority = Representative.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=OuterRef("created_on")),
        user=OuterRef("requester"),
        recipient=OuterRef("about"),
        valid_from__lte=OuterRef("created_on"),
    )
    representatives = (
        about_a_person.filter(raised_as="third_party")
        .annotate(created_on=TruncDate("created_at"))
        .filter(Exists(had_authority))
        .values_list("pk", flat=True)
    )
    Query.objects.filter(pk__in=representatives).update(raised_as="representative")


class Migration(migrations.Migration):
    dependencies = [
        ("queries", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="query",
            name="raised_as",
            field=models.CharField(
                choices=[
                    ("person", "The person it is about"),
                    ("representative", "Someone with authority to act for the person"),
                    ("third_party", "Someone else"),
                ],
                default="third_party",
                max_length=16,
            ),
        ),
        migrations.RunPython(raised_as_derive, migrations.RunPython.noop),
    ]
