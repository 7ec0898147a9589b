from __future__ import annotations

import pytest

import personal_touch as pt


def codes(source: str, authorship: str = "automated", **kw: str) -> list[str]:
    return [f.code for f in pt.lint(pt.Template(source, **kw), authorship=authorship)]


class TestClaims:
    @pytest.mark.parametrize(
        ("source", "code", "language"),
        [
            ("I personally picked these for you.", "personal_authorship", "en"),
            ("I was just looking at your blog and loved it.", "personal_attention", "en"),
            ("I noticed you downloaded our guide.", "personal_attention", "en"),
            ("A handwritten note from our team.", "handwritten", "en"),
            ("This is not an automated email.", "not_automated", "en"),
            ("This letter was written just for you.", "written_for_you", "en"),
            ("Ich persönlich empfehle Ihnen das.", "personal_authorship", "de"),
            ("Ich habe gerade Ihren Blog gelesen.", "personal_attention", "de"),
            ("Eine handgeschriebene Karte.", "handwritten", "de"),
            ("Dies ist keine automatische Nachricht.", "not_automated", "de"),
            ("Nur für Sie geschrieben.", "written_for_you", "de"),
            ("Je vous écris personnellement.", "personal_authorship", "fr"),
            ("J'ai pensé à vous en lisant ceci.", "personal_attention", "fr"),
            ("Une carte manuscrite.", "handwritten", "fr"),
            ("Ce n'est pas un message automatique.", "not_automated", "fr"),
            ("Écrit spécialement pour vous.", "written_for_you", "fr"),
            ("Yo personalmente lo elegí.", "personal_authorship", "es"),
            ("Estaba leyendo su blog.", "personal_attention", "es"),
            ("Una nota escrita a mano.", "handwritten", "es"),
            ("No es un mensaje automático.", "not_automated", "es"),
            ("Escrito especialmente para usted.", "written_for_you", "es"),
            ("Eu pessoalmente escolhi.", "personal_authorship", "pt"),
            ("Acabei de ler o seu blog.", "personal_attention", "pt"),
            ("Um bilhete escrito à mão.", "handwritten", "pt"),
            ("Não é uma mensagem automática.", "not_automated", "pt"),
            ("Escrito especialmente para você.", "written_for_you", "pt"),
        ],
    )
    def test_finds_claims_in_five_languages(self, source: str, code: str, language: str) -> None:
        """Claims of personal attention or authorship are found in en, de, fr, es and pt."""
        findings = pt.lint(pt.Template(source))
        assert code in [f.code for f in findings]
        assert language in {f.language for f in findings if f.code == code}

    @pytest.mark.parametrize(
        "source",
        [
            "Our spring collection is here.",
            "Hope you don't mind the automated message: here is our e-book.",
            "Hi {{ contact.name.given | default: 'there' }}, your order shipped.",
            "Sie erhalten diese automatische Nachricht, weil Sie bestellt haben.",
            "Voici nos nouveautés de la saison.",
        ],
    )
    def test_honest_copy_passes(self, source: str) -> None:
        """Honest automated copy has no findings."""
        assert [] == codes(source)

    def test_positions_and_explanations(self) -> None:
        """Findings carry line, column, excerpt and explanation."""
        t = pt.Template("Hello,\n\nyesterday I was just looking at your blog.")
        (f,) = pt.lint(t)
        assert ("personal_attention", 3, 11, "I was just looking at your") == (
            f.code,
            f.line,
            f.column,
            f.excerpt,
        )
        assert "nobody" in f.explanation
        assert f.describe().startswith("line 3:11 personal_attention:")

    def test_executive_writing_i(self) -> None:
        """A named executive writing 'I' to everyone is flagged at the title."""
        t = "I wanted to thank you.\n— Jane Doe, CEO"
        assert ["executive_voice"] == codes(t)
        assert [] == codes("Thank you.\n— The team of our CEO")
        assert ["executive_voice"] == codes("Ich danke Ihnen.\nIhr Geschäftsführer")

    def test_looks_inside_blocks_defaults_and_subject(self) -> None:
        """Copy in blocks, default texts, plural forms and the subject is checked."""
        source = (
            "{% if facts.a %}{% level personal %}x{% else %}A handwritten card{% endlevel %}"
            "{% elif facts.b %}y{% else %}I personally care{% endif %}"
            "{{ facts.c | default: 'not a mass email' }}"
        )
        assert ["handwritten", "personal_authorship", "not_automated"] == codes(source)
        assert ["personal_attention"] == codes("x", subject="I thought of you")
        t = pt.Template("{{ facts.n | plural: one='# handwritten card', other='# cards' }}")
        assert ["handwritten"] == [f.code for f in pt.lint(t)]

    def test_authorship_decides_what_is_false(self) -> None:
        """A human claims nothing false; a reviewed draft is still not handwritten."""
        source = "I personally wrote this handwritten note."
        assert ["personal_authorship", "personal_authorship", "handwritten"] == codes(source)
        assert ["handwritten"] == codes(source, "assisted")
        assert [] == codes(source, "human")

    def test_catalog(self) -> None:
        """Linting a catalog checks every locale's template."""
        cat = pt.TemplateCatalog(
            {"en": pt.Template("Hi"), "de": pt.Template("Handgeschrieben für Sie")}, default="en"
        )
        assert ["handwritten"] == [f.code for f in pt.lint(cat)]


class TestHonestyRule:
    def test_decide_denies_automated_messages_with_claims(self) -> None:
        """The policy's honesty rule denies an automated message whose template claims
        personal attention, and not the same message declared as written by a person."""
        from personal_touch.rules import honesty  # the engine engineer's rule

        assert callable(honesty)
        t = pt.Template("I was just looking at your blog!")
        m = pt.message_for(t, purpose="marketing", channel="email")
        assert frozenset({"personal_attention"}) == m.authorship_claims
        human = pt.message_for(t, purpose="marketing", channel="email", authorship="human")
        assert frozenset() == human.authorship_claims
