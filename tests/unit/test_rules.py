"""The message center's field checks, recipient rules and limits."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from msgcenter import catalog, rules


def test_catalog_follows_domain_order_and_names():
    assert catalog.CATEGORY_IDS == ("account", "product", "security", "fault", "event", "other")
    assert catalog.SETTING_IDS == (
        "account.balance_warning",
        "account.overdue",
        "product.expiry",
        "product.stop_release",
        "product.release_reminder",
        "security.ddos",
        "security.blackhole",
    )
    assert [t.id for t in catalog.SETTING_TYPES if t.locked] == [
        "account.balance_warning",
        "account.overdue",
    ]
    assert catalog.type_label("product.expiry", "zh") == "产品消息-产品到期前30/15/7/3/1天提醒"
    assert catalog.category_name("all", "zh_CN") == "全部"
    for message_type in catalog.MESSAGE_TYPES:
        assert message_type.category in catalog.CATEGORY_BY_ID


@given(st.from_regex(r"1[0-9]{10}", fullmatch=True))
def test_mainland_mobiles_are_accepted(mobile):
    assert rules.check_mobile(mobile) == []


@given(st.from_regex(r"\+[0-9]{8,15}", fullmatch=True))
def test_international_mobiles_are_accepted(mobile):
    assert rules.check_mobile(mobile) == []


@given(st.text(max_size=20))
def test_a_mobile_is_accepted_exactly_when_it_has_one_of_the_two_forms(text):
    well_formed = (len(text) == 11 and text[0] == "1" and text.isascii() and text.isdigit()) or (
        text[:1] == "+" and 8 <= len(text) - 1 <= 15 and text[1:].isascii() and text[1:].isdigit()
    )
    assert (rules.check_mobile(text) == []) == well_formed


def test_mobile_rejections():
    for bad in [
        "",
        "2301234567",
        "1301234567",
        "130123456789",
        "+1234567",
        "+1234567890123456",
        "１３０１２３４５１５８",
        "130 1234 5158",
        None,
        13012345158,
    ]:
        assert rules.check_mobile(bad), bad


@given(st.text(min_size=1, max_size=32).filter(lambda s: s.strip() == s and s))
def test_a_name_is_accepted_exactly_when_it_has_no_control_characters(name):
    has_control = any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name)
    assert (rules.check_name(name) == []) == (not has_control)


@given(st.text(min_size=33, max_size=60).filter(lambda s: len(s.strip()) > 32))
def test_names_longer_than_32_are_rejected(name):
    assert rules.check_name(name)


def test_name_rejections_and_normalisation():
    assert rules.check_name("   ")[0].message == "is required"
    assert rules.check_name("a\u0000b")
    assert rules.check_name("a\u202eb")  # a right-to-left override is a format character
    assert rules.check_name(42)
    assert rules.check_name("  李娜  ") == []
    assert rules.normalize_name("  李娜  ") == "李娜"


@given(
    st.from_regex(r"[a-z0-9._%+-]{1,20}", fullmatch=True),
    st.from_regex(r"[a-z0-9-]{1,20}\.[a-z]{2,6}", fullmatch=True),
)
def test_plain_email_addresses_are_accepted(local, domain):
    assert rules.check_email(f"{local}@{domain}") == []


def test_email_is_optional_and_checked_when_given():
    assert rules.check_email(None) == []
    assert rules.check_email("") == []
    assert rules.normalize_email("  ") is None
    for bad in ["plain", "a@b", "a b@c.com", "a@@b.com", "@b.com", "a@b.", "x" * 250 + "@b.com"]:
        assert rules.check_email(bad), bad


def test_recipients_are_contacts_or_groups_never_both_never_none():
    assert rules.check_recipients(["c1"], []) == []
    assert rules.check_recipients([], ["g1"]) == []
    assert rules.check_recipients(["c1"], ["g1"])[0].field == "recipients"
    assert rules.check_recipients([], [])[0].field == "recipients"


def test_limits():
    assert rules.check_contact_limit(20) == []
    assert rules.check_contact_limit(21)
    assert rules.check_group_limit(12) == []
    assert rules.check_group_limit(13)


def test_masking_as_the_console_shows_it():
    assert rules.mask_mobile("13012345158") == "130*****158"
    assert rules.mask_email("lin@jd.com") == "l*****n@jd.com"
    assert rules.mask_email(None) == ""


def test_deleting_the_last_recipient_falls_back_to_the_account_contact():
    assert rules.remove_contact_from_recipients(["c1"], [], "c1", "me") == (["me"], [])
    assert rules.remove_contact_from_recipients(["c1", "c2"], [], "c1", "me") == (["c2"], [])
    assert rules.remove_group_from_recipients([], ["g1"], "g1", "me") == (["me"], [])
    assert rules.remove_group_from_recipients([], ["g1", "g2"], "g1", "me") == ([], ["g2"])


def test_field_errors_carry_a_code_and_its_parameters_and_keep_the_english_message():
    (too_long,) = rules.check_name("x" * (rules.NAME_MAX_LENGTH + 1))
    assert (too_long.code, too_long.params) == ("too_long", {"limit": rules.NAME_MAX_LENGTH})
    assert too_long.message == f"must be at most {rules.NAME_MAX_LENGTH} characters"
    assert too_long.as_dict() == {"field": "name", "message": too_long.message}
    assert too_long.as_coded_dict() == {
        "field": "name",
        "message": too_long.message,
        "code": "too_long",
        "limit": rules.NAME_MAX_LENGTH,
    }
    assert rules.FieldError("name", code="too_long", limit=32) == too_long
    # The server's one-off checks still give a message, and have no code.
    plain = rules.FieldError("account", "no such account")
    assert (plain.code, plain.as_coded_dict()) == ("", plain.as_dict())
    checks = [
        rules.check_name(None),
        rules.check_name(""),
        rules.check_name("a\x07"),
        rules.check_mobile("12"),
        rules.check_email("no"),
        rules.check_recipients(["c"], ["g"]),
        rules.check_recipients([], []),
        rules.check_contact_limit(rules.MAX_CONTACTS + 1),
        rules.check_group_limit(rules.MAX_GROUPS + 1),
        rules.check_verification_code("12"),
    ]
    codes = {error.code for found in checks for error in found}
    assert codes | {"too_long"} == set(rules.MESSAGES)
