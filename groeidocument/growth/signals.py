from django.db.models.signals import post_save
from django.dispatch import receiver

from groeidocument.accounts.models import School
from groeidocument.growth.models import ConversationStarter
from groeidocument.growth.starters import add_default_deck


@receiver(post_save, sender=School)
def give_new_school_a_deck(sender, instance, created, raw=False, **kwargs):
    # raw is set while loading fixtures or a backup, which bring their own deck.
    if created and not raw:
        add_default_deck(instance, ConversationStarter)
