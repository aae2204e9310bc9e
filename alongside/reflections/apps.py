from django.apps import AppConfig


class ReflectionsConfig(AppConfig):
    name = "alongside.reflections"
    label = "reflections"
    verbose_name = "Reflections"
