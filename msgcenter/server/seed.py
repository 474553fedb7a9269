"""Realistic demo data: a year of messages in the console's style, contacts and groups."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from msgcenter.server.store import Store
from msgcenter.server.timefmt import now_ms

DAY_MS = 24 * 3600 * 1000
YEAR_MS = 365 * DAY_MS

_REGIONS = ["华北-北京", "华东-上海", "华南-广州", "华东-宿迁"]
_PRODUCTS = [
    ("云主机", "Virtual Machines", "i"),
    ("云硬盘", "Cloud Disk", "vol"),
    ("弹性公网IP", "Elastic IP", "fip"),
    ("云数据库 MySQL", "RDS MySQL", "mysql"),
    ("负载均衡", "Load Balancer", "lb"),
    ("对象存储", "Object Storage", "oss"),
]

# (type, weight, zh title, en title, body template); the body's {…} are filled per message.
_TEMPLATES: list[tuple[str, int, str, str, str]] = [
    (
        "account.balance_warning",
        4,
        "京东云账户余额预警提醒",
        "Account balance warning",
        "尊敬的用户：您的账户可用余额为 {amount} 元，已低于您设置的预警值 {threshold} 元。"
        "为避免按配置计费的资源停服，请及时充值：https://console.example.com/finance/recharge",
    ),
    (
        "account.overdue",
        2,
        "京东云账户欠费提醒",
        "Insufficient balance reminder",
        "Your account {account} is overdue by {amount} CNY. Pay-as-you-go resources stop in "
        "24 hours unless the balance is settled: https://console.example.com/finance/overview",
    ),
    (
        "product.expiry",
        18,
        "京东云资源到期预警提醒",
        "Resource expiry reminder",
        "您在{region}的{product} {rid} 将于 {days} 天后（{date}）到期。到期未续费的资源将停止服务，"
        "请及时续费：https://console.example.com/renew?resource={rid}",
    ),
    (
        "product.release_reminder",
        6,
        "京东云到期释放资源通知",
        "Release reminder",
        "Your {product_en} {rid} in {region} expired and will be released in {days_short} "
        "day(s). Data on released resources cannot be recovered. Renew: "
        "https://console.example.com/renew?resource={rid}",
    ),
    (
        "product.stop_release",
        5,
        "京东云资源停服通知",
        "Service stopped",
        "您在{region}的{product} {rid} 已到期停服，将在 7 天后释放。"
        "详情见 https://docs.example.com/billing/expiry",
    ),
    (
        "product.new_feature",
        6,
        "京东云新功能上线通知",
        "New feature online",
        "{product_en} now supports {feature}. Read more: https://docs.example.com/whatsnew/{slug}",
    ),
    (
        "security.ddos",
        5,
        "京东云IP高防DDoS攻击告警",
        "DDoS attack alarm",
        "您的公网IP {ip} 于 {date} 遭受DDoS攻击，峰值 {gbps} Gbps，已自动清洗。"
        "查看攻击详情：https://console.example.com/antiddos/events?ip={ip}",
    ),
    (
        "security.blackhole",
        3,
        "京东云IP高防黑洞通知",
        "Black-hole alarm",
        "The public IP {ip} exceeded the protection threshold and was black-holed at {date} "
        "for 2 hours. Upgrade protection: https://console.example.com/antiddos/upgrade",
    ),
    (
        "fault.incident",
        4,
        "京东云故障通知",
        "Incident notice",
        "{region}可用区 {zone} 的{product}出现网络抖动，影响资源 {rid}。工程师正在处理，"
        "进展见 https://status.example.com/incidents/{slug}",
    ),
    (
        "event.promotion",
        5,
        "京东云双11活动通知",
        "Promotion",
        "Up to {discount}% off {product_en} until {date}. Details: "
        "https://www.example.com/promotions/{slug}",
    ),
    (
        "other.survey",
        2,
        "京东云用户满意度调查问卷",
        "Customer satisfaction survey",
        "感谢您使用京东云！请花 3 分钟填写满意度调查问卷：https://survey.example.com/{slug}",
    ),
    (
        "other.general",
        2,
        "京东云服务协议更新通知",
        "Terms of service update",
        "The terms of service change on {date}. Read them at https://www.example.com/terms",
    ),
]
_WEIGHTS = [t[1] for t in _TEMPLATES]
_FEATURES = ["IPv6", "snapshots every hour", "ARM instances", "encrypted disks", "auto scaling"]


def _fill(template: str, rng: random.Random, created_ms: int, account: str) -> str:
    product, product_en, prefix = rng.choice(_PRODUCTS)
    return template.format(
        amount=f"{rng.uniform(0, 500):.2f}",
        threshold=rng.choice([100, 200, 500]),
        account=account,
        region=rng.choice(_REGIONS),
        product=product,
        product_en=product_en,
        rid=f"{prefix}-{rng.getrandbits(40):010x}",
        days=rng.choice([30, 15, 7, 3, 1]),
        days_short=rng.choice([3, 1]),
        date=_date(created_ms + rng.randint(1, 30) * DAY_MS),
        ip=f"116.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        gbps=rng.randint(2, 300),
        zone=rng.choice("abc"),
        slug=f"{rng.getrandbits(32):08x}",
        feature=rng.choice(_FEATURES),
        discount=rng.choice([30, 50, 70]),
    )


def _date(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d")


def random_message(rng: random.Random, created_ms: int, account: str) -> dict[str, Any]:
    type_id, _, title_zh, title_en, body = rng.choices(_TEMPLATES, _WEIGHTS)[0]
    title = title_zh if rng.random() < 0.7 else title_en
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "category": type_id.split(".")[0],
        "type": type_id,
        "title": title,
        "body": _fill(body, rng, created_ms, account),
        "created_ms": created_ms,
    }


def message_history(count: int, account: str, seed: int = 1) -> Iterator[dict[str, Any]]:
    """`count` messages over the past year, oldest first; the last two weeks mostly unread."""
    rng = random.Random(seed)
    end = now_ms()
    times = sorted(end - rng.randrange(YEAR_MS) for _ in range(count))
    for created in times:
        message = random_message(rng, created, account)
        recent = end - created < 14 * DAY_MS
        message["read"] = rng.random() > (0.6 if recent else 0.02)
        yield message


def seed_messages(store: Store, account_name: str, count: int, seed: int = 1) -> int:
    account = store.account_by_name(account_name)
    if account is None:
        raise LookupError(f"no account named {account_name!r}")
    return store.messages.bulk_insert(account.id, message_history(count, account_name, seed))


def seed_contacts_and_groups(store: Store, account_name: str) -> None:
    """A few colleagues, two groups, and settings that use them, as a real account has."""
    account = store.account_by_name(account_name)
    assert account is not None
    people = [
        ("李娜", "13012345158", "lina@example.com"),
        ("王强", "13987654321", "wangqiang@example.com"),
        ("Chen Jie", "+8613800001111", None),
        ("张伟", "15011112222", "zhangwei@example.com"),
    ]
    ids = []
    for name, mobile, email in people:
        contact_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{account.id}/{name}"))
        store.contacts.put(account.id, contact_id, None, "*", name, mobile, email)
        ids.append(contact_id)
    ops = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{account.id}/ops"))
    finance = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{account.id}/finance"))
    store.groups.put(account.id, ops, None, "*", "运维值班", ids[:3])
    store.groups.put(account.id, finance, None, "*", "Finance", [ids[3]])
    uses = {
        "product.expiry": ({"email": True, "sms": False}, {"contacts": [], "groups": [ops]}),
        "security.ddos": ({"email": True, "sms": True}, {"contacts": ids[:2], "groups": []}),
    }
    for setting_id, (channels, recipients) in uses.items():
        etag = store.settings.get(account.id, setting_id)["etag"]
        store.settings.put(account.id, setting_id, etag, channels, recipients)
