"""The three-way merge of desktop.md."""

from desktop.sync.merge import merge, merge_sets, resolve


def contact(name="Li", mobile="13012345158", email=None, etag='"1"'):
    return {"id": "c", "name": name, "mobile": mobile, "email": email, "etag": etag}


def body(name="Li", mobile="13012345158", email=None):
    return {"name": name, "mobile": mobile, "email": email}


def setting(email=True, sms=True, contacts=("me",), groups=()):
    return {
        "id": "product.expiry",
        "channels": {"email": email, "sms": sms},
        "recipients": {"contacts": list(contacts), "groups": list(groups)},
        "etag": '"5"',
    }


def setting_body(**kwargs):
    s = setting(**kwargs)
    return {"channels": s["channels"], "recipients": s["recipients"]}


def test_a_field_changed_on_one_side_only_merges_by_itself():
    result = merge("contact", contact(), body(name="Li Na"), contact(mobile="13900000000"))
    assert result.conflicts == []
    assert result.payload == body(name="Li Na", mobile="13900000000")


def test_the_same_change_on_both_sides_is_no_conflict():
    result = merge("contact", contact(), body(name="Li Na"), contact(name="Li Na"))
    assert result.conflicts == []
    assert result.payload["name"] == "Li Na"


def test_the_same_field_changed_differently_is_a_conflict():
    result = merge("contact", contact(), body(name="Mine"), contact(name="Theirs"))
    assert result.conflicts == ["name"]
    assert result.payload["name"] == "Mine"


def test_sets_merge_as_additions_and_removals():
    assert merge_sets(["a", "b"], ["a", "c"], ["a", "b", "d"]) == ["a", "d", "c"]
    base = setting(contacts=("me", "x"))
    ours = setting_body(contacts=("me", "x", "y"))
    theirs = setting(contacts=("x",), sms=False)
    result = merge("setting", base, ours, theirs)
    assert result.conflicts == []
    assert result.payload["recipients"] == {"contacts": ["x", "y"], "groups": []}
    assert result.payload["channels"] == {"email": True, "sms": False}


def test_recipients_merging_into_contacts_and_groups_is_a_conflict():
    base = setting(contacts=("me",))
    ours = setting_body(contacts=(), groups=("g",))
    theirs = setting(contacts=("me", "other"))
    result = merge("setting", base, ours, theirs)
    assert "recipients.contacts" in result.conflicts


def test_group_members_merge():
    base = {"id": "g", "name": "Ops", "members": ["a"], "etag": '"1"'}
    ours = {"name": "Ops", "members": ["a", "b"]}
    theirs = {"id": "g", "name": "On call", "members": ["a", "c"], "etag": '"2"'}
    result = merge("group", base, ours, theirs)
    assert result.conflicts == []
    assert result.payload == {"name": "On call", "members": ["a", "c", "b"]}


def test_resolution_takes_the_chosen_side_per_field():
    base, ours, theirs = contact(), body(name="Mine", email="a@b.co"), contact(name="Theirs")
    assert resolve("contact", ours, theirs, base, set())["name"] == "Mine"
    chosen = resolve("contact", ours, theirs, base, {"name"})
    assert chosen == body(name="Theirs", email="a@b.co")


def test_no_common_ancestor_means_every_difference_is_a_conflict():
    result = merge("contact", None, body(name="Mine"), contact(name="Theirs"))
    assert result.conflicts == ["name"]
