"""Categories and message types of the message center, in the order the console shows them."""

from __future__ import annotations

from typing import NamedTuple


# NamedTuples, not dataclasses: a dataclass compiles its methods when imported (~1.3 ms each),
# and the desktop client reads these on its way to the first paint.
class Category(NamedTuple):
    id: str
    name_en: str
    name_zh: str


class MessageType(NamedTuple):
    id: str
    category: str
    name_en: str
    name_zh: str
    has_setting: bool  # True: a row in Message Settings (SMS/email configurable)
    locked: bool = False  # True: email and SMS are always on


CATEGORIES: tuple[Category, ...] = (
    Category("account", "Account messages", "账户消息"),
    Category("product", "Product messages", "产品消息"),
    Category("security", "Security messages", "安全消息"),
    Category("fault", "Fault messages", "故障消息"),
    Category("event", "Event messages", "活动消息"),
    Category("other", "Other", "其他"),
)

ALL_CATEGORY = Category("all", "All", "全部")

MESSAGE_TYPES: tuple[MessageType, ...] = (
    MessageType("account.balance_warning", "account", "Balance warning", "余额预警", True, True),
    MessageType(
        "account.overdue", "account", "Insufficient balance reminder", "欠费提醒", True, True
    ),
    MessageType(
        "product.expiry",
        "product",
        "Expiration reminder (30/15/7/3/1 days before)",
        "产品到期前30/15/7/3/1天提醒",
        True,
    ),
    MessageType(
        "product.stop_release", "product", "Service stop and release", "产品停服、释放消息", True
    ),
    MessageType(
        "product.release_reminder",
        "product",
        "Release reminder (3/1 days before)",
        "产品释放前3/1天提醒",
        True,
    ),
    MessageType("security.ddos", "security", "DDoS attack alarm", "DDoS攻击告警通知", True),
    MessageType("security.blackhole", "security", "Black-hole alarm", "黑洞告警通知", True),
    MessageType("product.new_feature", "product", "New feature online", "新功能上线通知", False),
    MessageType("fault.incident", "fault", "Fault notice", "故障通知", False),
    MessageType("event.promotion", "event", "Promotion", "活动通知", False),
    MessageType("other.survey", "other", "Survey", "调查问卷", False),
    MessageType("other.general", "other", "Other", "其他", False),
)

CATEGORY_IDS: tuple[str, ...] = tuple(c.id for c in CATEGORIES)
CATEGORY_BY_ID: dict[str, Category] = {c.id: c for c in CATEGORIES}
TYPE_BY_ID: dict[str, MessageType] = {t.id: t for t in MESSAGE_TYPES}

# The seven rows of Message Settings, in the order of domain.md.
SETTING_TYPES: tuple[MessageType, ...] = tuple(t for t in MESSAGE_TYPES if t.has_setting)
SETTING_IDS: tuple[str, ...] = tuple(t.id for t in SETTING_TYPES)


def category_name(category_id: str, language: str = "en") -> str:
    category = ALL_CATEGORY if category_id == "all" else CATEGORY_BY_ID[category_id]
    return category.name_zh if language.startswith("zh") else category.name_en


def type_name(type_id: str, language: str = "en") -> str:
    message_type = TYPE_BY_ID[type_id]
    return message_type.name_zh if language.startswith("zh") else message_type.name_en


def type_label(type_id: str, language: str = "en") -> str:
    """The console's type column: "Category-Type name" ("产品消息-产品到期前30/15/7/3/1天提醒")."""
    message_type = TYPE_BY_ID[type_id]
    return f"{category_name(message_type.category, language)}-{type_name(type_id, language)}"


def types_of(category_id: str) -> tuple[MessageType, ...]:
    return tuple(t for t in MESSAGE_TYPES if t.category == category_id)
