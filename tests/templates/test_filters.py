from __future__ import annotations

import datetime as dt
import decimal

import babel.numbers
import pytest

import personal_touch as pt
from builders import decision, fact, reader
from personal_touch import filters
from personal_touch.exceptions import InvalidFieldError, UnknownLocaleError
from personal_touch.templates import disclosure_text
from personal_touch.values import Disclosure, DisclosureCode, Register

LOCALES = ("en", "de", "fr", "es", "pt")
DAY = dt.date(2026, 12, 3)
EVENING = dt.datetime(2026, 12, 3, 17, 30, tzinfo=dt.UTC)
AT = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)


class TestGoldenDates:
    @pytest.mark.parametrize(
        ("locale", "short", "medium", "long", "full"),
        [
            ("en", "12/3/26", "Dec 3, 2026", "December 3, 2026", "Thursday, December 3, 2026"),
            ("de", "03.12.26", "03.12.2026", "3. Dezember 2026", "Donnerstag, 3. Dezember 2026"),
            ("fr", "03/12/2026", "3 déc. 2026", "3 décembre 2026", "jeudi 3 décembre 2026"),
            (
                "es",
                "3/12/26",
                "3 dic 2026",
                "3 de diciembre de 2026",
                "jueves, 3 de diciembre de 2026",
            ),
            (
                "pt",
                "03/12/2026",
                "3 de dez. de 2026",
                "3 de dezembro de 2026",
                "quinta-feira, 3 de dezembro de 2026",
            ),
        ],
    )
    def test_dates(self, locale: str, short: str, medium: str, long: str, full: str) -> None:
        """Dates in every supported language and format."""
        assert [short, medium, long, full] == [
            filters.format_date(DAY, f, locale=locale) for f in ("short", "medium", "long", "full")
        ]

    @pytest.mark.parametrize(
        ("locale", "expected", "time"),
        [
            ("en", "Dec 3, 2026, 6:30:00\u202fPM", "6:30\u202fPM"),
            ("de", "03.12.2026, 18:30:00", "18:30"),
            ("fr", "3 déc. 2026, 18:30:00", "18:30"),
            ("es", "3 dic 2026, 18:30:00", "18:30"),
            ("pt", "3 de dez. de 2026 18:30:00", "18:30"),
        ],
    )
    def test_datetimes_in_the_contacts_zone(self, locale: str, expected: str, time: str) -> None:
        """Datetimes are shown on the contact's wall clock."""
        assert expected == filters.format_datetime(EVENING, locale=locale, tz="Europe/Berlin")
        assert time == filters.format_time(EVENING, locale=locale, tz="Europe/Berlin")

    @pytest.mark.parametrize(
        ("locale", "days", "hours"),
        [
            ("en", "in 3 days", "2 hours ago"),
            ("de", "in 3 Tagen", "vor 2 Stunden"),
            ("fr", "dans 3 jours", "il y a 2 heures"),
            ("es", "dentro de 3 días", "hace 2 horas"),
            ("pt", "em 3 dias", "há 2 horas"),
        ],
    )
    def test_relative(self, locale: str, days: str, hours: str) -> None:
        """Relative time from the decision's instant, never the clock."""
        assert days == filters.format_relative(dt.date(2026, 11, 28), at=AT, locale=locale)
        assert hours == filters.format_relative(
            dt.datetime(2026, 11, 25, 7, tzinfo=dt.UTC), at=AT, locale=locale, granularity="hour"
        )

    def test_date_of_a_datetime_in_zone(self) -> None:
        """A datetime's date is taken in the given zone."""
        late = dt.datetime(2026, 12, 3, 23, 30, tzinfo=dt.UTC)
        assert "Dec 4, 2026" == filters.format_date(late, locale="en", tz="Asia/Tokyo")
        assert "Dec 3, 2026" == filters.format_date(late, locale="en")

    def test_bad_inputs(self) -> None:
        """Naive datetimes, unknown formats and a naive 'at' are refused."""
        with pytest.raises(InvalidFieldError):
            filters.format_date(dt.datetime(2026, 1, 1), locale="en")
        with pytest.raises(InvalidFieldError):
            filters.format_date(DAY, "huge", locale="en")
        with pytest.raises(InvalidFieldError):
            filters.format_time(DAY, locale="en")  # type: ignore[arg-type]
        with pytest.raises(InvalidFieldError):
            filters.format_datetime(DAY, locale="en")  # type: ignore[arg-type]
        with pytest.raises(InvalidFieldError):
            filters.format_relative(DAY, at=dt.datetime(2026, 1, 1), locale="en")
        with pytest.raises(UnknownLocaleError):
            filters.format_date(DAY, locale="xx_YY")


class TestGoldenNumbers:
    @pytest.mark.parametrize(
        ("locale", "eur", "usd", "number", "percent"),
        [
            ("en", "€1,234.50", "-$3.00", "1,234,567.891", "26%"),
            ("de", "1.234,50\xa0€", "-3,00\xa0$", "1.234.567,891", "26\xa0%"),
            ("fr", "1\u202f234,50\xa0€", "-3,00\xa0$US", "1\u202f234\u202f567,891", "26\xa0%"),
            ("es", "1.234,50\xa0€", "-3,00\xa0US$", "1.234.567,891", "26\xa0%"),
            ("pt", "€\xa01.234,50", "-US$\xa03,00", "1.234.567,891", "26%"),
        ],
    )
    def test_numbers(self, locale: str, eur: str, usd: str, number: str, percent: str) -> None:
        """Currencies, numbers and percentages in every supported language."""
        assert eur == filters.format_currency(1234.5, "EUR", locale=locale)
        assert usd == filters.format_currency(-3, "USD", locale=locale)
        assert number == filters.format_number(1234567.891, locale=locale)
        assert percent == filters.format_percent(0.256, locale=locale)

    def test_currency_digits(self) -> None:
        """Currencies keep their own number of decimals, rounding half to even as babel does."""
        assert "¥1,234" == filters.format_currency(1234.5, "JPY", locale="en")
        assert "BHD1,234.500" == filters.format_currency(1234.5, "BHD", locale="en")

    def test_unknown_currency(self) -> None:
        """An unknown currency code is refused."""
        with pytest.raises(InvalidFieldError):
            filters.format_currency(1, "XYZ", locale="en")

    def test_non_finite_numbers_are_refused(self) -> None:
        """NaN and infinities are refused with a typed error, as facts refuse them."""
        for value in (float("inf"), float("-inf"), float("nan"), decimal.Decimal("sNaN")):
            with pytest.raises(InvalidFieldError, match="finite"):
                filters.format_number(value, locale="en")

    def test_de_ch_is_babels(self) -> None:
        """de_CH thousands are whatever the installed babel says (2.19 changed them)."""
        for value in (1234, 10**6, 10**7, 0.256, 10**4):
            assert babel.numbers.format_decimal(value, locale="de_CH") == filters.format_number(
                value, locale="de_CH"
            )
            assert babel.numbers.format_percent(value, locale="de_CH") == filters.format_percent(
                value, locale="de_CH"
            )


class TestGoldenListsAndPlurals:
    @pytest.mark.parametrize(
        ("locale", "three", "two_or"),
        [
            ("en", "Anna, Ben, and Chloé", "Anna or Ben"),
            ("de", "Anna, Ben und Chloé", "Anna oder Ben"),
            ("fr", "Anna, Ben et Chloé", "Anna ou Ben"),
            ("es", "Anna, Ben y Chloé", "Anna o Ben"),
            ("pt", "Anna, Ben e Chloé", "Anna ou Ben"),
        ],
    )
    def test_lists(self, locale: str, three: str, two_or: str) -> None:
        """Lists joined the locale's way."""
        assert three == filters.format_list(["Anna", "Ben", "Chloé"], locale=locale)
        assert two_or == filters.format_list(["Anna", "Ben"], locale=locale, style="or")
        with pytest.raises(InvalidFieldError):
            filters.format_list(["a"], locale=locale, style="bullets")

    @pytest.mark.parametrize(
        ("locale", "expected"),
        [
            ("en", ["0 nights", "1 night", "2 nights", "1,000,000 nights"]),
            ("de", ["0 Nächte", "1 Nacht", "2 Nächte", "1.000.000 Nächte"]),
            ("fr", ["0 nuit", "1 nuit", "2 nuits", "1\u202f000\u202f000 de nuits"]),
            ("es", ["0 noches", "1 noche", "2 noches", "1.000.000 de noches"]),
            ("pt", ["0 noite", "1 noite", "2 noites", "1.000.000 de noites"]),
        ],
    )
    def test_plurals(self, locale: str, expected: list[str]) -> None:
        """Plural categories follow CLDR: French and Portuguese 0 is singular, 'many' for
        millions."""
        forms = {
            "en": {"one": "# night", "other": "# nights"},
            "de": {"one": "# Nacht", "other": "# Nächte"},
            "fr": {"one": "# nuit", "many": "# de nuits", "other": "# nuits"},
            "es": {"one": "# noche", "many": "# de noches", "other": "# noches"},
            "pt": {"one": "# noite", "many": "# de noites", "other": "# noites"},
        }[locale]
        assert expected == [filters.pluralize(n, locale=locale, **forms) for n in (0, 1, 2, 10**6)]

    def test_plural_needs_other(self) -> None:
        """'other' is required."""
        with pytest.raises(InvalidFieldError):
            filters.pluralize(1, locale="en", one="x")

    def test_plural_in_a_template(self) -> None:
        """The plural filter uses the contact's locale."""
        t = pt.Template("{{ facts.n | plural: one='# nuit', other='# nuits' }}")
        c = reader(locale="fr", facts=[fact("n", 0)])
        assert "0 nuit" == t.render(c, decision(of=c, usable=["n"])).text


class TestGoldenNames:
    NAME = pt.Name("Anna", "Schmidt", honorific="Dr.")

    @pytest.mark.parametrize(
        ("locale", "honorific", "formal", "informal"),
        [
            ("en", "Ms.", "Ms. Schmidt", "Anna"),
            ("de", "Frau", "Frau Schmidt", "Anna"),
            ("fr", "Mme", "Mme Schmidt", "Anna"),
            ("es", "Sra.", "Sra. Schmidt", "Anna"),
            ("pt", "Sra.", "Sra. Schmidt", "Anna"),
        ],
    )
    def test_register(self, locale: str, honorific: str, formal: str, informal: str) -> None:
        """Formal address uses the honorific the person gave; informal the given name."""
        name = pt.Name("Anna", "Schmidt", honorific=honorific)
        assert formal == filters.format_name(name, locale=locale)
        assert informal == filters.format_name(name, locale=locale, register="informal")

    def test_without_honorific_formal_is_the_full_name(self) -> None:
        """No honorific: no gender is guessed, the full name is used."""
        assert "Anna Schmidt" == filters.format_name(pt.Name("Anna", "Schmidt"), locale="de")

    def test_preferred_name_only_when_given(self) -> None:
        """The preferred name is used informally, and only when the person gave one."""
        bea = pt.Name("Beatrice", "Rossi", preferred="Bea")
        assert "Bea" == filters.format_name(bea, locale="es", register="informal")
        assert "Beatrice Rossi" == filters.format_name(bea, locale="es", style="full")
        assert "Beatrice" == filters.format_name(
            pt.Name("Beatrice", "Rossi"), locale="es", register="informal"
        )

    @pytest.mark.parametrize(
        ("locale", "name", "formal", "full"),
        [
            ("ja", pt.Name("太郎", "山田"), "山田様", "山田太郎"),
            ("ko", pt.Name("민준", "김"), "김민준님", "김민준"),
            ("zh", pt.Name("伟", "王"), "王伟", "王伟"),
            ("hu", pt.Name("Anna", "Kovács"), "Kovács Anna", "Kovács Anna"),
            ("vi", pt.Name("Lan", "Nguyễn"), "Nguyễn Lan", "Nguyễn Lan"),
        ],
    )
    def test_family_first_locales(self, locale: str, name: pt.Name, formal: str, full: str) -> None:
        """Locales that write the family name first, with their formal suffixes."""
        assert formal == filters.format_name(name, locale=locale)
        assert full == filters.format_name(name, locale=locale, style="full")

    def test_styles_and_missing_parts(self) -> None:
        """given/family styles, and None when no part fits."""
        assert "Anna" == filters.format_name(self.NAME, locale="en", style="given")
        assert "Schmidt" == filters.format_name(self.NAME, locale="en", style="family")
        assert None is filters.format_name(pt.Name(), locale="en")
        assert None is filters.format_name(pt.Name(), locale="ja")
        assert "Anna" == filters.format_name(pt.Name("Anna"), locale="vi", register="informal")
        assert "Schmidt" == filters.format_name(
            pt.Name(family="Schmidt"), locale="en", register="informal"
        )
        with pytest.raises(InvalidFieldError):
            filters.format_name(self.NAME, locale="en", style="nickname")

    def test_register_for_follows_stage_and_preference(self) -> None:
        """Formal until repeat customer, unless the person said otherwise."""
        assert Register.FORMAL is filters.register_for(reader(stage="customer"))
        assert Register.INFORMAL is filters.register_for(reader(stage="repeat_customer"))
        assert Register.FORMAL is filters.register_for(reader(stage="advocate", register="formal"))

    def test_name_filter_in_templates(self) -> None:
        """{{ contact.name | name }} follows the register; text passes through."""
        t = pt.Template("{{ contact.name | name }}/{{ contact.name.given | name }}")
        d = decision()
        assert "Dr. Schmidt/Anna" == t.render(reader(stage="customer"), d).text
        assert "Anna/Anna" == t.render(reader(stage="advocate"), d).text
        with pytest.raises(pt.exceptions.FilterValueError):
            pt.Template("{{ facts.a | name }}").render(
                reader(facts=[fact("a", 3)]), decision(of=[fact("a", 3)], usable=["a"])
            )


class TestGoldenDisclosures:
    @pytest.mark.parametrize(
        ("locale", "long", "short"),
        [
            (
                "en",
                "You are receiving this because you told us about your travels on Nov 2, 2026.",
                "You told us about your travels.",
            ),
            (
                "de",
                "Sie erhalten diese Nachricht, weil Sie uns am 02.11.2026 von Ihren Reisen erzählt haben.",
                "Sie erzählten uns von Ihren Reisen.",
            ),
            (
                "fr",
                "Vous recevez ce message parce que vous nous avez parlé de vos voyages le 2 nov. 2026.",
                "Vous nous avez parlé de vos voyages.",
            ),
            (
                "es",
                "Recibe este mensaje porque nos habló de sus viajes el 2 nov 2026.",
                "Nos habló de sus viajes.",
            ),
            (
                "pt",
                "Você recebe esta mensagem porque nos falou sobre suas viagens em 2 de nov. de 2026.",
                "Você nos falou sobre suas viagens.",
            ),
        ],
    )
    def test_fact_source(self, locale: str, long: str, short: str) -> None:
        """The 'why you get this' disclosure with topic and date."""
        d = Disclosure(
            "fact_source", {"key": "travel.next_trip", "topic": "travel", "date": "2026-11-02"}
        )
        assert long == disclosure_text(d, locale=locale)
        assert short == disclosure_text(d, locale=locale, short=True)

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("code", list(DisclosureCode))
    def test_every_code_has_text_in_every_language(self, locale: str, code: DisclosureCode) -> None:
        """Every disclosure code has long and short text in en, de, fr, es and pt."""
        params = {
            "url": "https://x.test",
            "address": "1 Main St",
            "sender": "Acme",
            "topic": "t",
            "keyword": "STOP",
            "date": "2026-01-02",
        }
        d = Disclosure(code, params)
        long, short = (
            disclosure_text(d, locale=locale),
            disclosure_text(d, locale=locale, short=True),
        )
        assert long
        assert short
        if locale != "en":
            assert long != disclosure_text(d, locale="en") or code in (
                DisclosureCode.POSTAL_ADDRESS,
            )

    def test_unknown_language_falls_back_to_english(self) -> None:
        """A language without texts gets English."""
        d = Disclosure("automated_message")
        assert "This message was sent automatically." == disclosure_text(d, locale="ja")

    def test_variants_by_parameter(self) -> None:
        """Without a parameter a variant without it is used; a bad date stays as given."""
        assert "You are receiving this because of something you told us." == disclosure_text(
            Disclosure("fact_source"), locale="en"
        )
        assert (
            "You are receiving this because you told us about next trip on someday."
            == disclosure_text(
                Disclosure("fact_source", {"topic": "next_trip", "date": "someday"}), locale="en"
            )
        )
        assert "Sent by Acme." == disclosure_text(
            Disclosure("sender_identity", {"sender": "Acme"}), locale="en"
        )
        assert None is disclosure_text(Disclosure("sender_identity"), locale="en")


class TestTemplateFilters:
    def test_date_filters_in_the_contacts_zone_and_locale(self) -> None:
        """date/time/datetime/relative filters use the contact's zone and locale."""
        c = reader(
            locale="es",
            timezone="America/Mexico_City",
            facts=[
                fact("t", EVENING),
                fact("d", "2026-11-28"),
                fact("s", "2026-12-03T17:30:00+00:00"),
            ],
        )
        t = pt.Template(
            "{{ facts.t | date: 'long' }}|{{ facts.t | time }}|{{ facts.t | datetime: 'short' }}|"
            "{{ facts.d | relative }}|{{ facts.t | relative: granularity='day' }}|{{ facts.s | time }}"
        )
        r = t.render(c, decision(of=c, usable=["t", "d", "s"], at=AT))
        assert (
            "3 de diciembre de 2026|11:30|3/12/26, 11:30|dentro de 3 días|dentro de 1 semana|11:30"
            == r.text
        )

    def test_relative_datetimes_use_the_largest_fitting_unit(self) -> None:
        """A datetime ten hours after the decision is 'in 10 hours', not 'in 1 day'."""
        kickoff = dt.datetime(2026, 11, 25, 19, tzinfo=dt.UTC)
        c = reader(locale="en", facts=[fact("k", kickoff)])
        t = pt.Template("{{ facts.k | relative }} / {{ facts.k | relative: granularity='day' }}")
        assert "in 10 hours / in 1 day" == t.render(c, decision(of=c, usable=["k"], at=AT)).text

    def test_currency_from_a_mapping(self) -> None:
        """currency reads amount and currency from a mapping value."""
        c = reader(
            locale="pt",
            facts=[fact("o", {"amount": "99.9", "currency": "BRL"}), fact("p", {"amount": 1})],
        )
        t = pt.Template("{{ facts.o | currency }} {{ facts.o.amount | number }}")
        assert "R$\xa099,90 99,9" == t.render(c, decision(of=c, usable=["o"])).text
        with pytest.raises(pt.exceptions.FilterValueError, match="ISO 4217"):
            pt.Template("{{ facts.p | currency }}").render(c, decision(of=c, usable=["p"]))

    def test_filters_reject_wrong_values(self) -> None:
        """Filters raise FilterValueError on values they cannot format."""
        c = reader(facts=[fact("s", "abc"), fact("d", dt.date(2026, 1, 1)), fact("n", 3)])
        d = decision(of=c, usable=["s", "d", "n"])
        for source in (
            "{{ facts.s | number }}",
            "{{ facts.d | time }}",
            "{{ facts.d | datetime }}",
            "{{ facts.s | list }}",
            "{{ facts.n | date }}",
            "{{ facts.s | plural: other='x' }}",
        ):
            with pytest.raises(pt.exceptions.FilterValueError):
                pt.Template(source).render(c, d)

    def test_custom_date_pattern(self) -> None:
        """A CLDR pattern works as a date format."""
        c = reader(locale="de", facts=[fact("d", DAY)])
        assert (
            "3. Dezember"
            == pt.Template('{{ facts.d | date: "d. MMMM" }}')
            .render(c, decision(of=c, usable=["d"]))
            .text
        )

    def test_filters_mapping_lists_every_filter(self) -> None:
        """FILTERS documents every template filter."""
        assert {"date", "currency", "plural", "name", "default"} <= set(filters.FILTERS)
        assert all(filters.FILTERS.values())
