from __future__ import annotations

import html

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import DOCUMENTED, customer_in, decide, decision, grant, message, reader
from personal_touch import exceptions as ex
from personal_touch import values as ptv
from personal_touch.templates import SmsEncoding, disclosure_text, measure_sms
from personal_touch.values import Disclosure

SENDER = pt.SenderProfile(
    name="Northwind",
    postal_address="1 Harbour Road, Portland",
    unsubscribe_url="https://northwind.test/u",
)
CODES = tuple(ptv.DisclosureCode)


def disclosures(*codes: str) -> list[Disclosure]:
    return [Disclosure(c) for c in codes]


class TestInsertedFromTheSenderProfile:
    def test_unsubscribe_inserted(self) -> None:
        """A template without an unsubscribe gets the profile's link, in the contact's language."""
        d = decision(disclosures=disclosures("unsubscribe"))
        r = pt.Template("Hallo!").render(reader(locale="de"), d, sender=SENDER)
        assert (
            "Hallo!\n\n-- \nWenn Sie diese Nachrichten nicht mehr erhalten möchten, melden Sie "
            "sich hier ab: https://northwind.test/u"
        ) == r.text

    def test_unsubscribe_without_profile_fails_closed(self) -> None:
        """Without a profile, an unsubscribe requirement is never answered by 'reply'."""
        d = decision(disclosures=disclosures("unsubscribe"))
        with pytest.raises(ex.MissingDisclosureError) as info:
            pt.Template("Hi").render(reader(), d)
        assert ("unsubscribe",) == info.value.codes
        assert isinstance(info.value, ex.RenderError)
        assert isinstance(info.value, LookupError)

    def test_reply_opt_out_only_when_honoured(self) -> None:
        """'Reply unsubscribe' is offered only by a sender that honours such replies."""
        d = decision(disclosures=disclosures("unsubscribe"))
        with pytest.raises(ex.MissingDisclosureError):
            pt.Template("Hi").render(reader(), d, sender=pt.SenderProfile(name="A"))
        r = pt.Template("Hi").render(
            reader(locale="fr"), d, sender=pt.SenderProfile(name="A", reply_opt_out=True)
        )
        assert r.text.endswith("répondez « désabonner ».")

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", "Sent by Northwind (help@northwind.test).\nNorthwind, 1 Harbour Road, Portland"),
            (
                "de",
                "Gesendet von Northwind (help@northwind.test).\nNorthwind, 1 Harbour Road, Portland",
            ),
            (
                "fr",
                "Envoyé par Northwind (help@northwind.test).\nNorthwind, 1 Harbour Road, Portland",
            ),
            (
                "es",
                "Enviado por Northwind (help@northwind.test).\nNorthwind, 1 Harbour Road, Portland",
            ),
            (
                "pt_BR",
                "Enviado por Northwind (help@northwind.test).\nNorthwind, 1 Harbour Road, Portland",
            ),
        ],
    )
    def test_sender_and_address_in_every_language(self, locale: str, expected: str) -> None:
        """Sender identity (with contact details) and postal address come from the profile."""
        d = decision(disclosures=disclosures("sender_identity", "postal_address"))
        sender = pt.SenderProfile(
            name="Northwind",
            postal_address="1 Harbour Road, Portland",
            reply_to="help@northwind.test",
        )
        r = pt.Template("x").render(reader(locale=locale), d, sender=sender)
        assert "x\n\n-- \n" + expected == r.text

    def test_every_code_is_supplied(self) -> None:
        """With a full profile, every disclosure code is carried by an e-mail."""
        d = decision(disclosures=disclosures(*CODES))
        sender = pt.SenderProfile(
            name="Northwind",
            postal_address="1 Harbour Road",
            unsubscribe_url="https://northwind.test/u",
            sms_keyword="STOP",
        )
        r = pt.Template("Body").render(reader(), d, sender=sender)
        assert set(CODES) == {x.code for x in r.disclosures}
        for line in (
            "This message was sent automatically.",
            "You are receiving this because of something you told us.",
            "unsubscribe here: https://northwind.test/u",
            "Sent by Northwind.",
            "Northwind, 1 Harbour Road",
            "This message is an advertisement.",
        ):
            assert line in r.text

    @pytest.mark.parametrize(
        ("code", "needs"),
        [
            ("sender_identity", "a name"),
            ("postal_address", "an address"),
            ("unsubscribe", "a way out"),
            ("sms_opt_out", "a way out"),
        ],
    )
    def test_each_code_that_needs_the_sender_fails_without_it(self, code: str, needs: str) -> None:
        """Every disclosure that needs the sender's details fails closed without a profile."""
        with pytest.raises(ex.MissingDisclosureError) as info:
            pt.Template("x").render(reader(), decision(disclosures=disclosures(code)))
        assert (code,) == info.value.codes
        assert code in str(info.value)

    @pytest.mark.parametrize("code", ["automated_message", "fact_source", "ad_identification"])
    def test_codes_that_need_nothing_render_without_a_profile(self, code: str) -> None:
        """Notices that need no sender details are appended without a profile."""
        d = decision(disclosures=disclosures(code))
        r = pt.Template("x").render(reader(), d)
        text = disclosure_text(Disclosure(code), locale="en")
        assert text is not None
        assert r.text.endswith(text)

    def test_missing_codes_are_all_named_sorted(self) -> None:
        """The error names every missing code at once, sorted, with no sender data."""
        d = decision(disclosures=disclosures("unsubscribe", "postal_address", "automated_message"))
        with pytest.raises(ex.MissingDisclosureError) as info:
            pt.Template("x", name="news").render(reader(), d, sender=pt.SenderProfile(name="A"))
        assert ("postal_address", "unsubscribe") == info.value.codes
        assert "news" == info.value.template

    def test_the_decisions_own_parameters_win(self) -> None:
        """A parameter the decision supplies is used rather than the profile's."""
        d = decision(disclosures=[Disclosure("unsubscribe", {"url": "https://x.test/one"})])
        r = pt.Template("x").render(reader(), d, sender=SENDER)
        assert r.text.endswith("https://x.test/one")

    def test_duplicate_requirements_are_said_once(self) -> None:
        """Two rules requiring the same disclosure add its text once."""
        d = decision(
            disclosures=[
                Disclosure("unsubscribe", {"valid_for_days": "30"}),
                Disclosure("unsubscribe", {"valid_for_days": "60"}),
            ]
        )
        r = pt.Template("x").render(reader(), d, sender=SENDER)
        assert 1 == r.text.count("https://northwind.test/u")

    def test_html_escapes_profile_values(self) -> None:
        """Profile values are escaped in an HTML footer."""
        d = decision(disclosures=disclosures("sender_identity"))
        r = pt.Template("<p>x</p>", html=True).render(
            reader(), d, sender=pt.SenderProfile(name="A & <B>")
        )
        assert r.text.endswith(
            '<footer class="pt-disclosures"><p>Sent by A &amp; &lt;B&gt;.</p></footer>'
        )

    def test_catalog_passes_the_profile_on(self) -> None:
        """A catalog renders with the profile too."""
        catalog = pt.TemplateCatalog({"en": pt.Template("Hi")}, default="en")
        d = decision(disclosures=disclosures("unsubscribe"))
        assert catalog.render(reader(), d, sender=SENDER).text.endswith("https://northwind.test/u")


class TestShortChannels:
    def test_sms_sender_first_and_keyword(self) -> None:
        """An SMS names the sender first and tells the profile's keyword; the cost counts both."""
        d = decision(channel="sms", disclosures=disclosures("sender_identity", "sms_opt_out"))
        sender = pt.SenderProfile(name="Northwind", sms_keyword="END")
        r = pt.Template("Sale today").render(reader(), d, sender=sender)
        assert "Northwind: Sale today Reply END to opt out." == r.text
        assert r.sms is not None
        assert (SmsEncoding.GSM7, len(r.text), 1) == (
            r.sms.encoding,
            r.sms.units,
            r.sms.segments,
        )

    def test_sms_unsubscribe_by_keyword(self) -> None:
        """An SMS unsubscribe requirement is met by the profile's reply keyword."""
        d = decision(channel="sms", disclosures=disclosures("unsubscribe"))
        sender = pt.SenderProfile(name="A", sms_keyword="STOPP")
        r = pt.Template("Hallo").render(reader(locale="de"), d, sender=sender)
        assert "Hallo Abmelden: Antwort STOPP." == r.text

    def test_push_cannot_be_replied_to(self) -> None:
        """A push message needs a link to opt out: a reply keyword does not count."""
        d = decision(channel="push", disclosures=disclosures("unsubscribe"))
        sender = pt.SenderProfile(name="A", sms_keyword="STOP", reply_opt_out=True)
        with pytest.raises(ex.MissingDisclosureError):
            pt.Template("x").render(reader(), d, sender=sender)


class TestCarriedByTheTemplate:
    def test_template_places_the_disclosure(self) -> None:
        """{{ disclosures.unsubscribe }} says it where the design wants it; it is not appended."""
        d = decision(disclosures=disclosures("unsubscribe", "automated_message"))
        t = pt.Template("News.\n{{ disclosures.unsubscribe }}\nBye.")
        r = t.render(reader(), d, sender=SENDER)
        assert (
            "News.\nTo stop receiving these messages, unsubscribe here: https://northwind.test/u\n"
            "Bye.\n\n-- \nThis message was sent automatically."
        ) == r.text
        assert {ptv.DisclosureCode.UNSUBSCRIBE, ptv.DisclosureCode.AUTOMATED_MESSAGE} == {
            x.code for x in r.disclosures
        }

    def test_html_template_places_it_escaped(self) -> None:
        """In HTML the placed disclosure is escaped and still counts as carried."""
        d = decision(disclosures=disclosures("sender_identity"))
        t = pt.Template("<p>x</p><small>{{ disclosures.sender_identity }}</small>", html=True)
        r = t.render(reader(), d, sender=pt.SenderProfile(name="A & B"))
        assert "<p>x</p><small>Sent by A &amp; B.</small>" == r.text

    def test_sms_sender_placed_by_template(self) -> None:
        """An SMS that names its sender itself gets no second prefix."""
        d = decision(channel="sms", disclosures=disclosures("sender_identity"))
        t = pt.Template("{{ disclosures.sender_identity }} Sale today")
        r = t.render(reader(), d, sender=pt.SenderProfile(name="Northwind"))
        assert "Northwind: Sale today" == r.text

    def test_not_required_still_renders_from_the_profile(self) -> None:
        """A template may always show the profile's unsubscribe link, required or not."""
        r = pt.Template("{{ disclosures.unsubscribe }}").render(reader(), decision(), sender=SENDER)
        assert (
            "To stop receiving these messages, unsubscribe here: https://northwind.test/u" == r.text
        )

    def test_unavailable_disclosure_fails_closed_or_defaults(self) -> None:
        """Without what it needs, the variable fails closed unless the template gives a default."""
        t = pt.Template("{{ disclosures.postal_address }}")
        with pytest.raises(ex.MissingValueError) as info:
            t.render(reader(), decision())
        assert "disclosures.postal_address" == info.value.path
        fallback = pt.Template("{{ disclosures.postal_address | default: '' }}x")
        assert "x" == fallback.render(reader(), decision()).text

    def test_a_text_inside_a_word_does_not_count(self) -> None:
        """Only the disclosure's own words count as carried, not the same letters inside a word."""
        d = decision(channel="sms", disclosures=disclosures("ad_identification"))
        assert "XAd. sale Ad." == pt.Template("XAd. sale").render(reader(), d).text
        assert "Ad. sale" == pt.Template("Ad. sale").render(reader(), d).text

    def test_only_disclosure_codes_are_variables(self) -> None:
        """disclosures.<name> must be a DisclosureCode value."""
        with pytest.raises(ex.UnknownVariableError):
            pt.Template("{{ disclosures.secret }}")


# -- property -------------------------------------------------------------------------

plain = (
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789"), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
senders = st.none() | st.builds(
    pt.SenderProfile,
    name=plain,
    postal_address=st.none() | plain,
    unsubscribe_url=st.none() | st.just("https://opt.test/out"),
    reply_opt_out=st.booleans(),
    sms_keyword=st.none() | st.sampled_from(["STOP", "END"]),
)
TEMPLATES = (
    pt.Template("Hello {{ contact.name.given | default: 'there' }}"),
    pt.Template("{% level personal %}Hi {{ contact.name.given }}{% else %}Hi{% endlevel %}"),
    pt.Template("<p>{{ contact.name | name }}</p>", html=True),
    pt.Template(""),
    pt.Template(
        "{{ disclosures.unsubscribe | default: '' }} Hi {{ disclosures.ad_identification }}"
    ),
    pt.Template("<p>{{ disclosures.sender_identity | default: '-' }}</p>", html=True),
)


REPLY_WORDS = ("unsubscribe", "STOP", "Abmelden", "désabonner", "baja", "SAIR", "cancelar")


def _supplied(
    code: ptv.DisclosureCode, sender: pt.SenderProfile | None, channel: pt.Channel
) -> bool:
    if code in (ptv.DisclosureCode.UNSUBSCRIBE, ptv.DisclosureCode.SMS_OPT_OUT):
        return sender is not None and sender.can_opt_out(channel)
    if code is ptv.DisclosureCode.POSTAL_ADDRESS:
        return sender is not None and sender.postal_address is not None
    if code is ptv.DisclosureCode.SENDER_IDENTITY:
        return sender is not None
    return True


@settings(max_examples=300)
@given(
    codes=st.lists(st.sampled_from(CODES), max_size=len(CODES)),
    sender=senders,
    channel=st.sampled_from([pt.Channel.EMAIL, pt.Channel.SMS, pt.Channel.PUSH, pt.Channel.POST]),
    locale=st.sampled_from(["en", "de_AT", "fr", "es", "pt_BR", "ja"]),
    template=st.sampled_from(TEMPLATES),
)
def test_every_required_disclosure_is_carried_or_render_fails(
    codes: list[ptv.DisclosureCode],
    sender: pt.SenderProfile | None,
    channel: pt.Channel,
    locale: str,
    template: pt.Template,
) -> None:
    """For any allowed decision, the output carries every required disclosure or render refuses."""
    if template.html and channel is not pt.Channel.EMAIL:
        channel = pt.Channel.EMAIL
    d = decision(channel=channel.value, disclosures=disclosures(*codes))
    short = channel in (pt.Channel.SMS, pt.Channel.PUSH)
    missing = {c.value for c in codes if not _supplied(c, sender, channel)}
    try:
        r = template.render(reader(locale=locale), d, sender=sender)
    except ex.MissingDisclosureError as e:
        assert missing
        assert tuple(sorted(missing)) == e.codes  # noqa: PT017 - a property, not a case
        return
    assert not missing
    escape = html.escape if template.html else str
    assert set(codes) == {x.code for x in r.disclosures}
    for code in codes:
        if code is ptv.DisclosureCode.SENDER_IDENTITY:
            assert sender is not None
            assert escape(sender.name) in r.text
        elif code is ptv.DisclosureCode.POSTAL_ADDRESS:
            assert sender is not None
            assert sender.postal_address is not None
            assert escape(sender.postal_address) in r.text
        elif code in (ptv.DisclosureCode.UNSUBSCRIBE, ptv.DisclosureCode.SMS_OPT_OUT):
            assert sender is not None
            ways = [sender.unsubscribe_url] if sender.unsubscribe_url else []
            if channel is pt.Channel.SMS and sender.sms_keyword:
                ways.append(sender.sms_keyword)
            if sender.honours_replies(channel):
                ways.extend(REPLY_WORDS)
            assert any(w in r.text for w in ways)
        else:
            text = disclosure_text(Disclosure(code), locale=locale, short=short)
            assert text is not None
            assert escape(text) in r.text
    if channel is pt.Channel.SMS:
        assert r.sms == measure_sms(r.text)


@settings(max_examples=150, deadline=None)
@given(
    jurisdiction=st.sampled_from(["US-NY", "US-CA", "CA-ON", "DE", "FR", "GB", "AU", "BR", None]),
    purpose=st.sampled_from(pt.MessagePurpose),
    channel=st.sampled_from([pt.Channel.EMAIL, pt.Channel.SMS, pt.Channel.PUSH, pt.Channel.POST]),
    locale=st.sampled_from(["en", "de", "fr", "es", "pt"]),
    sender=senders,
)
def test_real_decisions_are_carried_or_refused(
    jurisdiction: str | None,
    purpose: pt.MessagePurpose,
    channel: pt.Channel,
    locale: str,
    sender: pt.SenderProfile | None,
) -> None:
    """Whatever the packs require of an allowed message, the render carries it or refuses."""
    c = customer_in(jurisdiction, locale=locale)
    m = message(purpose.value, channel.value)
    consents = [
        grant(p, basis, evidence=DOCUMENTED)
        for p in ("marketing", "relationship", "fundraising")
        for basis in ("consent", "prior_express_written_consent")
    ]
    d = decide(c, m, consents=consents)
    if d.verdict is pt.Verdict.DEFER and d.not_before is not None:
        d = decide(c, m, consents=consents, at=d.not_before)
    assume(d.is_allowed)
    missing = {x.code.value for x in d.disclosures if not _supplied(x.code, sender, channel)}
    try:
        r = pt.Template("Hello").render(c, d, sender=sender)
    except ex.MissingDisclosureError as e:
        assert missing
        assert tuple(sorted(missing)) == e.codes  # noqa: PT017 - a property, not a case
        return
    assert not missing
    assert {x.code for x in d.disclosures} == {x.code for x in r.disclosures}
    if sender is not None and d.requires(ptv.DisclosureCode.SENDER_IDENTITY):
        assert sender.name in r.text
    if sender is not None and d.requires(ptv.DisclosureCode.POSTAL_ADDRESS):
        assert sender.postal_address is not None
        assert sender.postal_address in r.text


class TestAssembliesKept:
    """A compiled template keeps its disclosure assemblies; they equal a fresh assembly."""

    @given(
        codes=st.lists(st.sampled_from(CODES), max_size=4),
        with_sender=st.booleans(),
        channel=st.sampled_from(tuple(pt.Channel)),
        html_output=st.booleans(),
        say=st.lists(st.integers(min_value=0, max_value=3), max_size=3),
        locale=st.sampled_from(("de_DE", "en_US", "fr_FR")),
    )
    @settings(max_examples=150)
    def test_kept_equals_fresh(  # noqa: PLR0917
        self,
        codes: list[ptv.DisclosureCode],
        with_sender: bool,
        channel: pt.Channel,
        html_output: bool,
        say: list[int],
        locale: str,
    ) -> None:
        """Whatever the body already says, the kept assembly is the one built afresh."""
        from personal_touch._templates._disclosures import Assemblies, assemble, texts

        required = tuple(Disclosure(c) for c in codes)
        sender = SENDER if with_sender else None
        found = texts(required, sender, locale, channel)
        said = [found[i] for i in say if i < len(found) and found[i] is not None]
        body = "Hallo. " + " ".join(html.escape(t) if html_output else t for t in said)
        kept = Assemblies(locale, html_output=html_output)
        for _ in range(2):  # the first call builds, the second reads what was kept
            expected = assemble(
                required, sender, locale, channel, html_output=html_output, body=body
            )
            assert expected == kept.assemble(required, sender, channel, body)
        assert expected == kept.assemble(required, sender, channel, body)
        assert len(kept) <= 1

    def test_bounded(self) -> None:
        """Past its bound the kept assemblies are cleared, never grown."""
        from personal_touch._templates._disclosures import Assemblies

        kept = Assemblies("en_US", html_output=False)
        for i in range(Assemblies.MAX_KEPT + 10):
            d = (Disclosure("fact_source", {"key": f"k{i}"}),)
            kept.assemble(d, None, pt.Channel.EMAIL, "Hi")
        assert Assemblies.MAX_KEPT >= len(kept)
