"""Script-injection payloads for every place readers' and editors' text ends up.

Each payload, if it ever ran, would call the page's marker function `__xss(n)` or open
a dialog with its number, so a test can tell which one got through. The one list serves
every placement: admin forms and search (tests/browser/test_hostile_input.py); the notes
importer's placements can take `payloads()` too.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

MARKER = "__xss"
# "CALL" becomes the payload's call, e.g. __xss(12); "DIALOG" becomes alert(12).
TEMPLATES = [
    "<script>CALL</script>",
    "<ScRiPt>CALL</sCrIpT>",
    "<script src=data:text/javascript,CALL></script>",
    "<img src=x onerror=CALL>",
    '<img src="x" onerror="CALL">',
    "<img/src=x/onerror=CALL>",
    "<img src=x:x onerror=CALL//",
    '<img src="x\n" onerror="CALL">',
    "<image src=x onerror=CALL>",
    "<svg onload=CALL>",
    "<svg/onload=CALL>",
    "<svg><script>CALL</script></svg>",
    "<svg><animate onbegin=CALL attributeName=x dur=1s>",
    "<svg><set onbegin=CALL attributename=x to=1>",
    "<body onload=CALL>",
    "<body onpageshow=CALL>",
    '<iframe src="javascript:CALL"></iframe>',
    '<iframe srcdoc="<script>parent.CALL</script>"></iframe>',
    '<a href="javascript:CALL">click</a>',
    "<a href=javascript:CALL>x</a>",
    '<a href="&#106;avascript:CALL">x</a>',
    '<a href="jav&#x09;ascript:CALL">x</a>',
    '"><script>CALL</script>',
    "'><script>CALL</script>",
    '" onmouseover="CALL" x="',
    "' onfocus='CALL' autofocus x='",
    '" autofocus onfocus="CALL',
    "</title><script>CALL</script>",
    "</textarea><script>CALL</script>",
    "</script><script>CALL</script>",
    "</style><script>CALL</script>",
    "<details open ontoggle=CALL>",
    "<video><source onerror=CALL></video>",
    "<audio src=x onerror=CALL>",
    "<input autofocus onfocus=CALL>",
    "<select autofocus onfocus=CALL></select>",
    "<textarea autofocus onfocus=CALL></textarea>",
    "<marquee onstart=CALL>x</marquee>",
    "<xss id=x tabindex=1 onfocusin=CALL autofocus></xss>",
    '<object data="javascript:CALL"></object>',
    '<embed src="javascript:CALL">',
    "<math><mtext><table><mglyph><style><img src=x onerror=CALL>",
    '<noscript><p title="</noscript><img src=x onerror=CALL>">',
    "<form><button formaction=javascript:CALL>x</button></form>",
    '<base href="javascript:CALL//">',
    '<meta http-equiv="refresh" content="0;url=javascript:CALL">',
    "<scr<script>ipt>CALL</scr</script>ipt>",
    "<<script>script>CALL<</script>/script>",
    "ENTITIES",
    "BASE64",
    "javascript:CALL",
    "data:text/html,<script>parent.CALL</script>",
    "{{CALL}}",
    "${CALL}",
    "<%= CALL %>",
    "\\u003cscript\\u003eCALL\\u003c/script\\u003e",
    "%3Cscript%3ECALL%3C%2Fscript%3E",
    "&lt;script&gt;CALL&lt;/script&gt;",
    "`-CALL-`",
    "';CALL;//",
    '";CALL;//',
    "[x](javascript:CALL)",
    "<img src=x onerror=DIALOG>",
    "<script>DIALOG</script>",
    "<svg onload=DIALOG>",
    '"><img src=x onerror=DIALOG>',
]


@dataclass(frozen=True)
class Payload:
    number: int
    text: str

    @property
    def opens_dialog(self) -> bool:
        return MARKER not in self.text and "alert(" in self.text


def call(number: int) -> str:
    return f"{MARKER}({number})"


def expand(number: int, template: str) -> str:
    """The template with its number filled in; two are encodings made here."""
    if template == "ENTITIES":  # the handler spelled as HTML character references
        return "<img src=x onerror=" + "".join(f"&#{ord(c)};" for c in call(number)) + ">"
    if template == "BASE64":
        encoded = base64.b64encode(call(number).encode()).decode()
        return f"<img src=x onerror=eval(atob('{encoded}'))>"
    return template.replace("CALL", call(number)).replace("DIALOG", f"alert({number})")


def payloads() -> list[Payload]:
    return [Payload(number, expand(number, t)) for number, t in enumerate(TEMPLATES, start=1)]


# Records what a payload would do if it ran: added to every page (and frame) before its
# own scripts, so it is there for inline handlers too.
DETECTOR = f"""
window.__xssHits = [];
window.{MARKER} = (number) => window.__xssHits.push(number);
"""

# Elements a payload could only have made if the text reached the page as markup: in the
# page's document, or in the one it is given (a frame's).
INJECTED_MARKUP = """
(root = document) => {
    const found = [];
    const urlAttributes = ["href", "src", "action", "formaction", "data", "srcdoc"];
    for (const element of root.querySelectorAll("*")) {
        for (const attribute of element.attributes) {
            const name = attribute.name.toLowerCase();
            const value = attribute.value.trim().toLowerCase();
            const handler = name.startsWith("on");  // the site's pages have none of their own
            const scriptUrl = urlAttributes.includes(name) &&
                (value.startsWith("javascript:") || value.startsWith("data:text/html"));
            if (handler || scriptUrl) found.push(`<${element.localName} ${name}="${value}">`);
        }
        if (element.localName === "script" && element.textContent.includes("__xss")) {
            // JSON-LD is data, never run: a payload inside it is fine while it stays a
            // JSON string (a break-out would leave invalid JSON or a script of its own).
            let data = element.type === "application/ld+json";
            if (data) {
                try { JSON.parse(element.textContent); } catch { data = false; }
            }
            if (!data) found.push(`<script>${element.textContent}</script>`);
        }
    }
    return found;
}
"""
