from __future__ import annotations

import datetime as dt

import attrs
import pytest

import personal_touch as pt
from builders import AT, decision, fact, reader
from personal_touch import exceptions as ex
from personal_touch import templates as ptt
from personal_touch.exceptions import (
    FilterValueError,
    MissingValueError,
    RenderError,
    TemplateLimitError,
)
from personal_touch.templates import Fallback, FallbackKind, SmsEncoding, TemplateLimits
from personal_touch.values import ApprovedFact, Disclosure

TRIP = fact("travel.next_trip", {"destination": "New York", "date": dt.date(2026, 12, 3)})
TRIP_TEMPLATE = pt.Template(
    "Hi {{ contact.name.given | default: 'there' }}! "
    "{% level personal %}Hope the trip to {{ facts.travel.next_trip.destination }} goes well!"
    "{% else %}Have a great week!{% endlevel %}"
)


class TestLevels:
    def test_personal_decision_renders_the_personal_part(self) -> None:
        """A decision granting PERSONAL with the fact usable renders the trip."""
        r = TRIP_TEMPLATE.render(
            reader(facts=[TRIP]),
            decision(of=[TRIP], level="personal", usable=["travel.next_trip"]),
        )
        assert "Hi Anna! Hope the trip to New York goes well!" == r.text
        assert pt.Level.PERSONAL is r.level
        assert ("travel.next_trip",) == r.facts_used
        assert () == r.fallbacks

    def test_lower_level_falls_back(self) -> None:
        """A decision granting less renders the else part and records why."""
        r = TRIP_TEMPLATE.render(
            reader(facts=[TRIP]),
            decision(of=[TRIP], level="customized", usable=["travel.next_trip"]),
        )
        assert "Hi Anna! Have a great week!" == r.text
        assert pt.Level.CUSTOMIZED is r.level
        assert () == r.facts_used
        assert [
            Fallback(
                kind=FallbackKind.LEVEL,
                reason="level",
                level=pt.Level.PERSONAL,
                line=1,
                column=49,
            )
        ] == list(r.fallbacks)

    def test_withheld_fact_inside_level_block_falls_back(self) -> None:
        """A withheld fact makes its level block fall back, naming path and reason."""
        r = TRIP_TEMPLATE.render(
            reader(facts=[TRIP]),
            decision(of=[TRIP], level="personal", withheld=["travel.next_trip"]),
        )
        assert "Hi Anna! Have a great week!" == r.text
        assert "New York" not in r.text
        (fb,) = r.fallbacks
        assert ("withheld", "facts.travel.next_trip.destination") == (fb.reason, fb.path)
        assert (
            "line 1:49 level block facts.travel.next_trip.destination needs personal (withheld)"
            == fb.describe()
        )

    def test_generic_decision_uses_name_default(self) -> None:
        """At GENERIC even the name is not used: the default fills in, with reason 'level'."""
        r = TRIP_TEMPLATE.render(reader(facts=[TRIP]), decision(of=[TRIP], level="generic"))
        assert "Hi there! Have a great week!" == r.text
        assert pt.Level.GENERIC is r.level
        assert ["value", "level"] == [f.kind.value for f in r.fallbacks]
        assert ("level", "contact.name.given", pt.Level.CUSTOMIZED) == (
            r.fallbacks[0].reason,
            r.fallbacks[0].path,
            r.fallbacks[0].level,
        )

    def test_level_block_without_else_renders_nothing(self) -> None:
        """A level block with no else part says nothing when it cannot be said."""
        t = pt.Template("A{% level contextual %}B{% endlevel %}C")
        assert "ABC" == t.render(reader(), decision(level="contextual")).text
        r = t.render(reader(), decision(level="segmented"))
        assert "AC" == r.text
        assert pt.Level.CONTEXTUAL is r.fallbacks[0].level

    def test_failed_block_rolls_back_what_it_used(self) -> None:
        """Facts used before a failing value inside a block are not reported as used."""
        t = pt.Template(
            "{% level personal %}{{ facts.a }} {{ facts.b }}{% else %}none{% endlevel %}"
        )
        r = t.render(
            reader(facts=[fact("a", "x")]), decision(of=[fact("a", "x")], usable=["a", "b"])
        )
        assert ("none", (), pt.Level.GENERIC) == (r.text, r.facts_used, r.level)
        assert ("missing", "facts.b") == (r.fallbacks[0].reason, r.fallbacks[0].path)


class TestFailClosed:
    def test_missing_name_without_default_fails_closed(self) -> None:
        """A required missing value raises MissingValueError, never 'Hi ,'."""
        t = pt.Template("Hi {{ contact.name.given }},")
        with pytest.raises(MissingValueError) as e:
            t.render(reader(name=pt.Name(family="Schmidt")), decision())
        assert ("contact.name.given", "missing", 1, 7) == (
            e.value.path,
            e.value.reason,
            e.value.line,
            e.value.column,
        )
        assert "Schmidt" not in str(e.value)

    @pytest.mark.parametrize(
        ("dec", "reason"),
        [
            (decision(level="personal", withheld=["travel.next_trip"]), "withheld"),
            (decision(level="personal", withheld=["travel"]), "withheld"),
            (decision(level="personal", withheld=["travel.next_trip.destination"]), "withheld"),
            (decision(level="personal"), "not_usable"),
            (decision(level="customized", usable=["travel.next_trip"]), "level"),
        ],
    )
    def test_unavailable_fact_fails_closed(self, dec: pt.Decision, reason: str) -> None:
        """A fact that is withheld, not usable or above the level fails with a typed reason."""
        t = pt.Template("Enjoy {{ facts.travel.next_trip.destination }}")
        with pytest.raises(MissingValueError) as e:
            t.render(reader(facts=[TRIP]), dec)
        assert reason == e.value.reason

    def test_withheld_descendant_blocks_the_whole_fact(self) -> None:
        """Withholding part of a mapping-valued fact withholds reading the whole fact."""
        t = pt.Template("{{ facts.travel.next_trip.date | date }}")
        with pytest.raises(MissingValueError) as e:
            t.render(
                reader(facts=[TRIP]),
                decision(
                    of=[TRIP],
                    usable=["travel.next_trip"],
                    withheld=["travel.next_trip.destination"],
                ),
            )
        assert "withheld" == e.value.reason

    def test_usable_parent_key_covers_children(self) -> None:
        """A usable key covers the paths below it."""
        t = pt.Template("{{ facts.travel.next_trip.destination }}")
        assert (
            "New York"
            == t.render(reader(facts=[TRIP]), decision(of=[TRIP], usable=["travel"])).text
        )

    def test_nested_missing_field(self) -> None:
        """A field absent from a mapping value, or below a scalar, is missing."""
        c = reader(facts=[TRIP, fact("age", 3)])
        d = decision(of=c, usable=["travel", "age"])
        for source in ("{{ facts.travel.next_trip.hotel }}", "{{ facts.age.years }}"):
            with pytest.raises(MissingValueError, match="missing"):
                pt.Template(source).render(c, d)

    def test_approved_instance_wins(self) -> None:
        """With two facts under one key, the instance the decision approved is used."""
        old = pt.Fact(key="team", value="Old", provenance="stated", recorded_at=AT.subtract(days=9))
        new = pt.Fact(key="team", value="New", provenance="stated", recorded_at=AT.subtract(days=1))
        t = pt.Template("{{ facts.team }}")
        c = reader(facts=[new, old])
        assert "New" == t.render(c, decision(of=[new], usable=["team"])).text
        assert "Old" == t.render(c, decision(of=[old], usable=["team"])).text

    def test_denied_decision_does_not_render(self) -> None:
        """Only an allowing decision renders."""
        with pytest.raises(RenderError, match="verdict deny"):
            TRIP_TEMPLATE.render(reader(), decision(verdict="deny"))

    def test_decision_for_another_contact(self) -> None:
        """A decision about someone else is refused."""
        with pytest.raises(RenderError, match="another contact"):
            TRIP_TEMPLATE.render(reader(), decision(contact_id="c-2"))

    def test_filter_on_wrong_value(self) -> None:
        """A filter given a value it cannot format raises FilterValueError with a position."""
        t = pt.Template("x {{ facts.a | date }}")
        with pytest.raises(FilterValueError) as e:
            t.render(
                reader(facts=[fact("a", "soon")]), decision(of=[fact("a", "soon")], usable=["a"])
            )
        assert ("date", 1, 16) == (e.value.filter, e.value.line, e.value.column)
        assert "soon" not in str(e.value)

    def test_mapping_cannot_be_shown(self) -> None:
        """Showing a whole mapping is refused; pick a field."""
        with pytest.raises(FilterValueError, match="mapping"):
            pt.Template("{{ facts.travel.next_trip }}").render(
                reader(facts=[TRIP]), decision(of=[TRIP], usable=["travel"])
            )

    def test_output_limit(self) -> None:
        """Output longer than max_output is refused."""
        t = pt.Template("{{ facts.a }}", limits=TemplateLimits(max_output=10))
        with pytest.raises(TemplateLimitError) as e:
            t.render(
                reader(facts=[fact("a", "x" * 11)]),
                decision(of=[fact("a", "x" * 11)], usable=["a"]),
            )
        assert "max_output" == e.value.limit


class TestConditions:
    T = pt.Template(
        "{% if facts.team.name and facts.team.won %}Congrats, {{ facts.team.name }}!"
        "{% elif facts.team.name %}Next time, {{ facts.team.name }}."
        "{% else %}Hello.{% endif %}"
    )

    def test_first_branch(self) -> None:
        """A condition is true when every tested value is present and permitted."""
        c = reader(facts=[fact("team", {"name": "Bears", "won": True})])
        r = self.T.render(c, decision(of=c, usable=["team"]))
        assert ("Congrats, Bears!", ("team",), ()) == (r.text, r.facts_used, r.fallbacks)

    def test_false_value_takes_elif(self) -> None:
        """False counts as absent; the later branch is recorded as a fallback only for
        unavailable values."""
        c = reader(facts=[fact("team", {"name": "Bears", "won": False})])
        r = self.T.render(c, decision(of=c, usable=["team"]))
        assert "Next time, Bears." == r.text
        assert "missing" == r.fallbacks[0].reason

    def test_withheld_takes_else(self) -> None:
        """A withheld fact is absent to conditions, and the fallback says why."""
        c = reader(facts=[fact("team", {"name": "Bears", "won": True})])
        r = self.T.render(c, decision(withheld=["team"]))
        assert "Hello." == r.text
        assert [("condition", "withheld", "facts.team.name")] == [
            (f.kind.value, f.reason, f.path) for f in r.fallbacks
        ]

    def test_not_and_or(self) -> None:
        """'not' negates, 'and' binds tighter than 'or'."""
        t = pt.Template("{% if not facts.a or facts.b and facts.c %}yes{% else %}no{% endif %}")
        for facts, expected in (
            ([], "yes"),
            ([fact("a", 1), fact("b", 1)], "no"),
            ([fact("a", 1), fact("b", 1), fact("c", 1)], "yes"),
        ):
            c = reader(facts=facts)
            assert expected == t.render(c, decision(of=c, usable=["a", "b", "c"])).text
        c = reader(facts=[fact("a", 1)])
        r = t.render(c, decision(of=c, usable=["a", "b", "c"]))
        assert ("no", ()) == (r.text, r.fallbacks)

    def test_register_variables(self) -> None:
        """register.formal follows the stage unless the contact chose a register."""
        t = pt.Template("{% if register.formal %}Sie{% else %}du{% endif %}")
        d = decision()
        assert "Sie" == t.render(reader(stage="customer"), d).text
        assert "du" == t.render(reader(stage="repeat_customer"), d).text
        assert "du" == t.render(reader(stage="awareness", register="informal"), d).text
        t2 = pt.Template("{% if register.informal %}du{% endif %}")
        assert "du" == t2.render(reader(stage="advocate"), d).text


class TestValues:
    def test_values_are_never_template_source(self) -> None:
        """A value that looks like template syntax is output literally."""
        t = pt.Template("{{ facts.a }}")
        r = t.render(
            reader(facts=[fact("a", "{{ contact.name.given }}{% if x %}")]),
            decision(of=[fact("a", "{{ contact.name.given }}{% if x %}")], usable=["a"]),
        )
        assert "{{ contact.name.given }}{% if x %}" == r.text

    def test_default_then_filters(self) -> None:
        """Filters after default apply to the default too."""
        t = pt.Template("{{ contact.company | default: 'your team' | upper }}")
        assert "YOUR TEAM" == t.render(reader(), decision()).text
        assert "ACME" == t.render(reader(company="Acme"), decision()).text

    def test_filter_returning_nothing_uses_default(self) -> None:
        """A name filter that finds no usable part falls to the default."""
        t = pt.Template("Dear {{ contact.name | name: 'family' | default: 'customer' }}")
        assert "Dear customer" == t.render(reader(name=pt.Name("Anna")), decision()).text
        with pytest.raises(MissingValueError):
            pt.Template("{{ contact.name | name: 'family' }}").render(
                reader(name=pt.Name("Anna")), decision()
            )

    def test_extra_values(self) -> None:
        """extra.* reads caller values; a missing one is missing."""
        t = pt.Template("{{ extra.link | default: 'none' }}")
        assert "https://x" == t.render(reader(), decision(), extra={"link": "https://x"}).text
        assert "none" == t.render(reader(), decision()).text

    def test_scalar_outputs_use_the_locale(self) -> None:
        """Numbers, dates, datetimes, lists and names without filters are formatted for the
        locale."""
        c = reader(
            locale="de",
            facts=[
                fact("n", 1234.5),
                fact("d", dt.date(2026, 12, 3)),
                fact("t", dt.datetime(2026, 12, 3, 17, 30, tzinfo=dt.UTC)),
                fact("kids", ["Anna", "Ben", "Chloé"]),
            ],
        )
        t = pt.Template(
            "{{ facts.n }}|{{ facts.d }}|{{ facts.t }}|{{ facts.kids }}|{{ contact.name }}"
        )
        r = t.render(c, decision(of=c, usable=["n", "d", "t", "kids"]))
        assert "1.234,5|03.12.2026|03.12.2026, 18:30:00|Anna, Ben und Chloé|Dr. Schmidt" == r.text

    def test_boolean_cannot_be_shown(self) -> None:
        """A boolean has no text form."""
        with pytest.raises(FilterValueError):
            pt.Template("{{ facts.b }}").render(
                reader(facts=[fact("b", True)]), decision(of=[fact("b", True)], usable=["b"])
            )

    def test_birth_date_needs_personal(self) -> None:
        """contact.birth_date needs PERSONAL."""
        c = pt.Contact(id="c-1", created_at=AT, birth_date="1990-02-28", locale="en")
        t = pt.Template("{{ contact.birth_date | date: 'd MMMM' | default: '-' }}")
        assert "28 February" == t.render(c, decision(level="personal")).text
        assert "-" == t.render(c, decision(level="contextual")).text

    def test_text_filters(self) -> None:
        """upper, lower, capitalize and truncate."""
        c = reader(facts=[fact("a", "hello world")])
        d = decision(of=c, usable=["a"])
        t = pt.Template(
            "{{ facts.a | upper }}|{{ facts.a | capitalize }}|{{ facts.a | truncate: 8 }}|"
            "{{ facts.a | truncate: 20 }}|{{ facts.a | upper | lower }}|{{ facts.a | truncate: 7, end='...' }}"
        )
        assert (
            "HELLO WORLD|Hello world|hello w…|hello world|hello world|hell..."
            == t.render(c, d).text
        )


class TestChannels:
    def test_html_escapes_every_value(self) -> None:
        """HTML templates escape values, never the template's own markup."""
        t = pt.Template("<p>Hi {{ contact.name.given }}</p>", html=True)
        r = t.render(reader(name=pt.Name("<b>Ann</b> & 'Co\"")), decision())
        assert "<p>Hi &lt;b&gt;Ann&lt;/b&gt; &amp; &#x27;Co&quot;</p>" == r.text
        assert r.html

    def test_html_template_refuses_sms(self) -> None:
        """An HTML template cannot go by SMS."""
        with pytest.raises(RenderError, match="sms"):
            pt.Template("<p>x</p>", html=True).render(reader(), decision(channel="sms"))

    def test_plain_text_is_not_escaped(self) -> None:
        """Plain text channels output values as they are."""
        r = pt.Template("{{ contact.name.given }}").render(
            reader(name=pt.Name("A & B")), decision(channel="push")
        )
        assert "A & B" == r.text

    def test_email_footer(self) -> None:
        """E-mail gets the long disclosure texts in a footer, in the contact's language."""
        d = decision(
            disclosures=[
                Disclosure("automated_message"),
                Disclosure("unsubscribe", {"url": "https://x.test/u"}),
            ]
        )
        r = pt.Template("Hallo!\n").render(reader(locale="de_AT"), d)
        assert (
            "Hallo!\n\n-- \nDiese Nachricht wurde automatisch versendet.\n"
            "Wenn Sie diese Nachrichten nicht mehr erhalten möchten, melden Sie sich hier ab: "
            "https://x.test/u"
        ) == r.text
        assert d.disclosures == r.disclosures

    def test_html_footer_escapes(self) -> None:
        """HTML e-mail gets an escaped footer element."""
        d = decision(disclosures=[Disclosure("sender_identity", {"sender": "A&B"})])
        r = pt.Template("<p>x</p>", html=True).render(reader(locale="fr"), d)
        assert (
            '<p>x</p>\n<footer class="pt-disclosures"><p>Envoyé par A&amp;B.</p></footer>' == r.text
        )

    def test_sms_short_form_and_cost(self) -> None:
        """SMS gets the short forms and reports its encoding and segments."""
        d = decision(
            channel="sms",
            disclosures=[Disclosure("automated_message"), Disclosure("sms_opt_out")],
        )
        r = pt.Template("Total {{ facts.t | currency: 'EUR' }}").render(
            reader(locale="de", facts=[total := fact("t", 1234.5)]),
            pt.Decision(
                **{
                    **_fields(d),
                    "approved_facts": (ApprovedFact.of(total),),
                    "usable_facts": ("t",),
                }
            ),
            sender=pt.SenderProfile(name="Acme", sms_keyword="STOP"),
        )
        assert "Total 1.234,50 € Automatische Nachricht. Abmelden: Antwort STOP." == r.text
        assert (SmsEncoding.GSM7, 1) == (r.sms.encoding, r.sms.segments)  # type: ignore[union-attr]

    def test_fact_source_only_for_facts_used(self) -> None:
        """'You told us about X' is appended only when the text used that fact."""
        source = Disclosure("fact_source", {"key": "travel.next_trip", "topic": "travel"})
        other = Disclosure("fact_source", {"key": "team", "topic": "team"})
        unkeyed = Disclosure("fact_source", {"topic": "hobbies"})
        d = decision(of=[TRIP], usable=["travel.next_trip"], disclosures=[source, other, unkeyed])
        used = TRIP_TEMPLATE.render(reader(facts=[TRIP]), d)
        assert (source, unkeyed) == used.disclosures
        assert "you told us about your travels." in used.text
        fell_back = TRIP_TEMPLATE.render(
            reader(facts=[TRIP]), pt.Decision(**{**_fields(d), "level": "customized"})
        )
        assert (unkeyed,) == fell_back.disclosures
        assert "your travels" not in fell_back.text

    def test_disclosure_without_its_parameter_fails_closed(self) -> None:
        """A postal address disclosure without an address anywhere is never left out."""
        d = decision(disclosures=[Disclosure("postal_address")])
        with pytest.raises(ex.MissingDisclosureError):
            pt.Template("x").render(reader(), d)

    def test_subject_is_one_line(self) -> None:
        """Subjects are rendered plain and fold line breaks from values."""
        t = pt.Template("<p>b</p>", subject="News for {{ contact.company }}", html=True)
        r = t.render(reader(company="A & B\r\nBcc: x@y"), decision())
        assert "News for A & B Bcc: x@y" == r.subject

    def test_locale_override(self) -> None:
        """An explicit locale formats for it instead of the contact's."""
        t = pt.Template("{{ facts.n }}")
        c = reader(locale="en", facts=[fact("n", 1234.5)])
        r = t.render(c, decision(of=c, usable=["n"]), locale="de-AT")
        assert ("1.234,5", "de_AT") == (r.text, r.locale)


def _fields(d: pt.Decision) -> dict[str, object]:
    import attrs

    return attrs.asdict(d, recurse=False)


class TestRendered:
    def test_repr_holds_no_text(self) -> None:
        """The repr shows the account, not the personal text."""
        r = TRIP_TEMPLATE.render(reader(facts=[TRIP]), decision(of=[TRIP], usable=["travel"]))
        assert "New York" not in repr(r)
        assert "Anna" not in repr(r)
        assert r.text == str(r)

    def test_deterministic(self) -> None:
        """The same inputs render the same result."""
        c, d = reader(facts=[TRIP]), decision(of=[TRIP], usable=["travel"])
        assert TRIP_TEMPLATE.render(c, d) == TRIP_TEMPLATE.render(c, d)

    def test_built_as_the_class_builds_it(self) -> None:
        """A render's result equals the same values passed to Rendered, field for field."""
        from personal_touch._templates._results import rendered

        c, d = reader(facts=[TRIP]), decision(of=[TRIP], usable=["travel"])
        r = TRIP_TEMPLATE.render(c, d)
        fields = [a.name for a in attrs.fields(ptt.Rendered)]
        values = {name: getattr(r, name) for name in fields}
        assert ptt.Rendered(**values) == r
        assert values == {name: getattr(rendered(*values.values()), name) for name in fields}
        assert hash(ptt.Rendered(**values)) == hash(r)

    def test_fallbacks_built_as_the_class_builds_them(self) -> None:
        """A fallback a render notes equals the same values passed to Fallback."""
        from personal_touch._templates._results import fallback

        made = fallback(FallbackKind.VALUE, "missing", "facts.x", pt.Level.CONTEXTUAL, 3, 7)
        expected = Fallback(
            kind=FallbackKind.VALUE,
            reason="missing",
            path="facts.x",
            level=pt.Level.CONTEXTUAL,
            line=3,
            column=7,
        )
        assert expected == made
        assert hash(expected) == hash(made)
        assert repr(expected) == repr(made)


class TestCatalog:
    CATALOG = pt.TemplateCatalog(
        {
            "en": pt.Template("Hi {{ contact.name | name }}"),
            "de": pt.Template("Hallo {{ contact.name | name }}"),
            "de_CH": pt.Template("Grüezi {{ contact.name | name }}"),
        },
        default="en",
    )

    @pytest.mark.parametrize(
        ("locale", "text", "formatted"),
        [
            ("de_AT", "Hallo Dr. Schmidt", "de_AT"),
            ("de_CH", "Grüezi Dr. Schmidt", "de_CH"),
            ("de", "Hallo Dr. Schmidt", "de"),
            ("fr_CA", "Hi Dr. Schmidt", "en"),
            ("en_GB", "Hi Dr. Schmidt", "en_GB"),
        ],
    )
    def test_locale_chain(self, locale: str, text: str, formatted: str) -> None:
        """The catalog picks along the chain de_AT → de → default; a fallback to another
        language is formatted in that language."""
        r = self.CATALOG.render(reader(locale=locale), decision())
        assert (text, formatted) == (r.text, r.locale)

    def test_requirements_cover_every_locale(self) -> None:
        """A catalog's requirements are the union of its templates'."""
        cat = pt.TemplateCatalog(
            {
                "en": pt.Template("{{ facts.a }}"),
                "fr": pt.Template("{{ facts.b }}", subject="{{ extra.s }}"),
            },
            default="en",
        )
        assert frozenset({"a", "b"}) == cat.requirements().fact_keys
        assert frozenset({"s"}) == cat.requirements().extra
        assert "TemplateCatalog(locales=['en', 'fr'], default='en')" == repr(cat)

    def test_default_must_be_in_the_catalog(self) -> None:
        """The default locale must have a template."""
        with pytest.raises(pt.exceptions.InvalidFieldError):
            pt.TemplateCatalog({"en": pt.Template("x")}, default="de")
        with pytest.raises(pt.exceptions.InvalidFieldError):
            pt.TemplateCatalog({}, default="en")
        with pytest.raises(pt.exceptions.InvalidFieldError):
            pt.TemplateCatalog({"en": "x"}, default="en")  # type: ignore[dict-item]

    def test_locale_chain_function(self) -> None:
        """locale_chain lists the locale, its script form and its language."""
        assert ("de_AT", "de") == ptt.locale_chain("de-AT")
        assert ("en",) == ptt.locale_chain("en")
        assert ("sr_Latn_RS", "sr_Latn", "sr") == ptt.locale_chain("sr_Latn_RS")


class TestMessageFor:
    def test_builds_the_message_from_requirements(self) -> None:
        """message_for asks for the template's highest level and the facts it reads."""
        c = reader(facts=[TRIP])
        m = pt.message_for(TRIP_TEMPLATE, purpose="relationship", channel="email", contact=c)
        assert (pt.Level.PERSONAL, frozenset({"travel.next_trip"}), frozenset()) == (
            m.level,
            m.content_facts,
            m.authorship_claims,
        )
        m2 = pt.message_for(TRIP_TEMPLATE, purpose="relationship", channel="email")
        assert frozenset({"travel.next_trip.destination"}) == m2.content_facts

    def test_carries_authorship_claims(self) -> None:
        """Claims the linter finds travel on the message, for the honesty rule."""
        t = pt.Template("I was just looking at your blog and wrote this handwritten note.")
        m = pt.message_for(t, purpose="marketing", channel="email")
        assert frozenset({"personal_attention", "handwritten"}) == m.authorship_claims
        human = pt.message_for(t, purpose="marketing", channel="email", authorship="human")
        assert frozenset() == human.authorship_claims
