"""The Bot API methods the fake answers (all but getUpdates, which waits, see `bot_api.py`).

Each handler takes the state and the decoded parameters and returns the `result`, or raises
`ApiError` with Telegram's own description so adapters meet the errors they will meet in
production (message not modified, callback data too long, bot blocked, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.fakes.bot_api_params import Params
from tests.fakes.bot_api_state import ApiError, BotApiState, Webhook, now_unix

Handler = Callable[[BotApiState, Params], Any]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are"
    " exactly the same as a current content and reply markup of the message"
)
# Methods that put a new message in a chat: the ones Telegram's flood limits count.
MESSAGE_SENDING = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "sendvoice", "sendaudio", "sendvideo"}
    | {"sendsticker", "sendlocation", "sendcontact", "sendmediagroup", "copymessage"}
    | {"forwardmessage"}
)


def get_me(state: BotApiState, params: Params) -> Any:
    """getMe."""
    return state.bot_user()


def send_message(state: BotApiState, params: Params) -> Any:
    """sendMessage."""
    text = str(params.get("text") or "")
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text) > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")
    return _new_bot_message(state, params, {"text": text})


def send_document(state: BotApiState, params: Params) -> Any:
    """sendDocument: stores the upload so getFile can serve it back."""
    stored = params.upload_or_file("document", state, "documents")
    upload = params.upload_for("document")
    document = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_name": upload.filename if upload else stored.file_path.rsplit("/", 1)[-1],
        "mime_type": upload.content_type if upload else "application/octet-stream",
    }
    return _new_bot_message(state, params, {"document": document, **_caption(params)})


def send_photo(state: BotApiState, params: Params) -> Any:
    """sendPhoto: answers one size, the way a small image comes back."""
    stored = params.upload_or_file("photo", state, "photos")
    size: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    size |= {"file_size": len(stored.content), "width": 90, "height": 90}
    return _new_bot_message(state, params, {"photo": [size], **_caption(params)})


def send_voice(state: BotApiState, params: Params) -> Any:
    """sendVoice."""
    stored = params.upload_or_file("voice", state, "voice")
    voice: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    voice |= {"duration": params.integer("duration", 1), "mime_type": "audio/ogg"}
    return _new_bot_message(state, params, {"voice": voice, **_caption(params)})


def edit_message_text(state: BotApiState, params: Params) -> Any:
    """editMessageText; omitting reply_markup removes the keyboard, as in Telegram."""
    text = str(params.get("text") or "")
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if params.get("inline_message_id"):
        return True
    message = _own_message(state, params)
    return _apply_edit(state, message, {"text": text, "reply_markup": _markup(params)})


def edit_message_reply_markup(state: BotApiState, params: Params) -> Any:
    """editMessageReplyMarkup."""
    if params.get("inline_message_id"):
        return True
    message = _own_message(state, params)
    return _apply_edit(state, message, {"reply_markup": _markup(params)})


def delete_message(state: BotApiState, params: Params) -> Any:
    """deleteMessage."""
    key = (params.chat_id(), params.integer("message_id", 0))
    if state.messages.pop(key, None) is None:
        raise ApiError(400, "Bad Request: message to delete not found")
    return True


def answer_callback_query(state: BotApiState, params: Params) -> Any:
    """answerCallbackQuery: each query can be answered once."""
    query_id = str(params.required("callback_query_id"))
    if query_id not in state.open_callback_ids:
        raise ApiError(
            400,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        )
    state.open_callback_ids.discard(query_id)
    state.callback_answers.append(dict(params.values))
    return True


def send_chat_action(state: BotApiState, params: Params) -> Any:
    """sendChatAction."""
    params.chat_id()
    params.required("action")
    return True


def set_my_commands(state: BotApiState, params: Params) -> Any:
    """setMyCommands, kept per scope and language."""
    commands = params.required("commands")
    if not isinstance(commands, list):
        raise ApiError(400, "Bad Request: can't parse commands JSON object")
    state.commands[_commands_key(params)] = commands
    return True


def get_my_commands(state: BotApiState, params: Params) -> Any:
    """getMyCommands."""
    return state.commands.get(_commands_key(params), [])


def delete_my_commands(state: BotApiState, params: Params) -> Any:
    """deleteMyCommands."""
    state.commands.pop(_commands_key(params), None)
    return True


def set_webhook(state: BotApiState, params: Params) -> Any:
    """setWebhook: records url and secret_token (any scheme, so loopback receivers work)."""
    url = str(params.get("url") or "")
    if not url:
        return delete_webhook(state, params)
    secret = params.get("secret_token")
    if secret is not None and not SECRET_TOKEN.fullmatch(str(secret)):
        raise ApiError(400, "Bad Request: bad webhook: secret token contains unallowed characters")
    state.webhook = Webhook(url, None if secret is None else str(secret))
    _apply_delivery_options(state, params)
    return True


def delete_webhook(state: BotApiState, params: Params) -> Any:
    """deleteWebhook."""
    state.webhook = None
    _apply_delivery_options(state, params)
    return True


def get_webhook_info(state: BotApiState, params: Params) -> Any:
    """getWebhookInfo."""
    info: dict[str, Any] = {"url": state.webhook.url if state.webhook else ""}
    info |= {"has_custom_certificate": False, "pending_update_count": len(state.pending)}
    if state.webhook:
        info["max_connections"] = state.webhook.max_connections
    if state.allowed_updates is not None:
        info["allowed_updates"] = sorted(state.allowed_updates)
    return info


def get_file(state: BotApiState, params: Params) -> Any:
    """getFile: a relative file_path under /file/bot<token>/."""
    stored = state.files.get(str(params.required("file_id")))
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    if len(stored.content) > MAX_DOWNLOAD_BYTES:
        raise ApiError(400, "Bad Request: file is too big")
    return stored.as_file()


def apply_allowed_updates(state: BotApiState, params: Params) -> None:
    """A non-empty allowed_updates replaces the previous choice; empty or absent keeps it."""
    allowed = params.get("allowed_updates")
    if isinstance(allowed, list) and allowed:
        state.allowed_updates = frozenset(str(kind) for kind in allowed)


def _apply_delivery_options(state: BotApiState, params: Params) -> None:
    if params.get("drop_pending_updates"):
        state.pending.clear()
    apply_allowed_updates(state, params)
    state.notify()


def _new_bot_message(state: BotApiState, params: Params, content: dict[str, Any]) -> Any:
    chat_id = params.chat_id()
    if chat_id in state.blocked_chats:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    markup = _markup(params)
    message: dict[str, Any] = {"message_id": state.new_message_id(chat_id), "date": now_unix()}
    message |= {"chat": state.chat(chat_id), "from": state.bot_user(), **content}
    if markup is not None:
        message["reply_markup"] = markup
    state.messages[(chat_id, message["message_id"])] = message
    state.sent.append(message)
    return message


def _own_message(state: BotApiState, params: Params) -> dict[str, Any]:
    message = state.messages.get((params.chat_id(), params.integer("message_id", 0)))
    if message is None:
        raise ApiError(400, "Bad Request: message to edit not found")
    if message["from"]["id"] != state.bot_id:
        raise ApiError(400, "Bad Request: message can't be edited")
    return message


def _apply_edit(state: BotApiState, message: dict[str, Any], changes: dict[str, Any]) -> Any:
    if all(message.get(key) == value for key, value in changes.items()):
        raise ApiError(400, NOT_MODIFIED)
    for key, value in changes.items():
        if value is None:
            message.pop(key, None)
        else:
            message[key] = value
    message["edit_date"] = now_unix()
    return message


def _markup(params: Params) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    if not isinstance(markup, dict):
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


def _caption(params: Params) -> dict[str, Any]:
    caption = params.get("caption")
    if not caption:
        return {}
    if len(str(caption)) > MAX_CAPTION:
        raise ApiError(400, "Bad Request: message caption is too long")
    return {"caption": str(caption)}


def _commands_key(params: Params) -> str:
    scope = params.get("scope") or {"type": "default"}
    return f"{scope.get('type')}:{params.get('language_code') or ''}"


METHODS: dict[str, Handler] = {
    "getme": get_me,
    "sendmessage": send_message,
    "senddocument": send_document,
    "sendphoto": send_photo,
    "sendvoice": send_voice,
    "editmessagetext": edit_message_text,
    "editmessagereplymarkup": edit_message_reply_markup,
    "deletemessage": delete_message,
    "answercallbackquery": answer_callback_query,
    "sendchataction": send_chat_action,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
    "getfile": get_file,
}
CANONICAL_NAMES = {
    name.lower(): name
    for name in (
        *("getUpdates", "getMe", "sendMessage", "sendDocument", "sendPhoto", "sendVoice"),
        *("editMessageText", "editMessageReplyMarkup", "deleteMessage", "answerCallbackQuery"),
        *("sendChatAction", "setMyCommands", "getMyCommands", "deleteMyCommands"),
        *("setWebhook", "deleteWebhook", "getWebhookInfo", "getFile"),
    )
}
