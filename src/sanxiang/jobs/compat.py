"""Django's task framework: ``django.tasks`` from Django 6, the django-tasks backport before."""

try:
    from django.tasks import default_task_backend, task, task_backends  # Django 6+
except ImportError:
    from django_tasks import default_task_backend, task, task_backends

__all__ = ["default_task_backend", "task", "task_backends"]
