/*
 * The code block's code field: Tab indents (four spaces) and Shift+Tab outdents the
 * selected lines, as in a code editor. So that keyboard users are never trapped, Escape
 * hands Tab back to the browser until the field is left: Escape, then Tab, moves on.
 */
(() => {
    const INDENT = "    ";
    const released = new WeakSet();

    const lineStart = (text, index) => text.lastIndexOf("\n", index - 1) + 1;

    const replaceRange = (field, start, end, text) => {
        field.setSelectionRange(start, end);
        // execCommand keeps the browser's own undo history; setRangeText is the fallback.
        if (!document.execCommand("insertText", false, text)) {
            field.setRangeText(text, start, end, "end");
        }
    };

    const indent = (field, outdent) => {
        const { value, selectionStart, selectionEnd } = field;
        if (!outdent && selectionStart === selectionEnd) {
            replaceRange(field, selectionStart, selectionEnd, INDENT);
            return;
        }
        const start = lineStart(value, selectionStart);
        const lines = value.slice(start, selectionEnd).split("\n");
        const changed = lines.map((line) =>
            outdent ? line.replace(/^( {1,4}|\t)/, "") : INDENT + line,
        );
        const text = changed.join("\n");
        replaceRange(field, start, selectionEnd, text);
        field.setSelectionRange(start, start + text.length);
    };

    document.addEventListener("keydown", (event) => {
        const field = event.target;
        if (!(field instanceof HTMLTextAreaElement) || !field.matches("[data-notes-code]")) return;
        if (event.key === "Escape") {
            released.add(field);
            return;
        }
        if (event.key !== "Tab" || event.ctrlKey || event.altKey || event.metaKey) return;
        if (released.has(field)) return;
        event.preventDefault();
        indent(field, event.shiftKey);
    });

    document.addEventListener("focusout", (event) => released.delete(event.target));
})();
