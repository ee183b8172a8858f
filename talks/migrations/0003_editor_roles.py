"""Editors and Moderators roles, and the review workflow every conference page goes through.

Wagtail's own initial data already creates groups named "Editors" and "Moderators" with
permissions on the tree's root and a "Moderators approval" workflow; this migration
reshapes them for this site so a fresh database and an existing one end up the same.
"""

from django.db import migrations

WORKFLOW_NAME = "Conference notes review"
TASK_NAME = "Moderators approval"

EDITORS = "Editors"
MODERATORS = "Moderators"

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("talks", "speaker", "add_speaker"),
        ("talks", "speaker", "change_speaker"),
        ("talks", "speaker", "lock_speaker"),
        ("talks", "talkpage", "import_notes"),
    ],
    MODERATORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("talks", "speaker", "add_speaker"),
        ("talks", "speaker", "change_speaker"),
        ("talks", "speaker", "delete_speaker"),
        ("talks", "speaker", "publish_speaker"),
        ("talks", "speaker", "lock_speaker"),
        ("talks", "speaker", "unlock_speaker"),
        ("talks", "talkpage", "import_notes"),
        ("talks", "talkpage", "publish_imported_notes"),
    ],
}
COLLECTION_PERMISSIONS = {
    EDITORS: [
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
    MODERATORS: [
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "change_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
}


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    Site = apps.get_model("wagtailcore.Site")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    def permission(app_label, model, codename):
        # Django creates model permissions after all migrations run; make them now.
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        name = f"Can {codename.replace('_', ' ')}"
        return Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]

    site = Site.objects.filter(is_default_site=True).first()
    home_id = site.root_page_id
    root_collection = Collection.objects.filter(depth=1).first()

    groups = {}
    for name in (EDITORS, MODERATORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.set(
            [permission(*spec) for spec in MODEL_PERMISSIONS[name]]
        )
        # Permissions on the site's home page cover every conference, day and talk.
        GroupPagePermission.objects.filter(group=group).delete()
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.create(
                group=group, page_id=home_id, permission=permission("wagtailcore", "page", codename)
            )
        GroupCollectionPermission.objects.filter(group=group).delete()
        for spec in COLLECTION_PERMISSIONS[name]:
            GroupCollectionPermission.objects.create(
                group=group, collection=root_collection, permission=permission(*spec)
            )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME, active=True).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    task.groups.set([groups[MODERATORS]])

    # Wagtail's default workflow (same task, attached to the tree's root) becomes ours,
    # attached to the home page: new conferences are covered without further setup.
    workflow = Workflow.objects.filter(workflow_tasks__task=task, active=True).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    else:
        workflow.name = WORKFLOW_NAME
        workflow.save(update_fields=["name"])
    WorkflowPage.objects.filter(workflow=workflow).delete()
    WorkflowPage.objects.update_or_create(page_id=home_id, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0002_editor_help_text"),
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="talkpage",
            options={
                "permissions": [
                    ("import_notes", "Can import notes as drafts"),
                    ("publish_imported_notes", "Can import notes and publish them"),
                ],
                "verbose_name": "talk",
            },
        ),
        # Going back leaves the groups as they are: they may have been edited since.
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
