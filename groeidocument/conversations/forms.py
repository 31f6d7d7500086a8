from django import forms
from django.utils.translation import gettext_lazy as _

from groeidocument.accounts.models import School
from groeidocument.growth.models import ConversationStarter


class StarterForm(forms.ModelForm):
    class Meta:
        model = ConversationStarter
        fields = ["question", "audience", "is_active"]
        error_messages = {
            "question": {
                "required": _("Write the question on the card."),
                "max_length": _(
                    "The question has %(show_value)d characters: keep it to "
                    "%(limit_value)d, so that it fits on the card."
                ),
            },
        }

    def clean_question(self):
        return " ".join(self.cleaned_data["question"].split())


class StarterAudienceForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["starter_audience"]
        widgets = {"starter_audience": forms.RadioSelect}
