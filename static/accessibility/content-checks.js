/*
 * This site's checks for Wagtail's content checker (see talks/checker.py, which
 * turns them into axe rules and passes each its options). Each check returns
 * true when the element passes.
 */
(() => {
    const headingLevel = (element) => Number(element.tagName.slice(1));
    const text = (element) => (element.textContent || "").replace(/\s+/g, " ").trim();

    const checks = {
        "notes-alt-text-length": (node, options) =>
            (node.getAttribute("alt") || "").trim().length <= options.maxLength,

        "notes-heading-sequence": (node, options) => {
            const headings = Array.from(document.querySelectorAll(options.headings));
            const index = headings.indexOf(node);
            const previous = index > 0 ? headingLevel(headings[index - 1]) : 1;
            return headingLevel(node) <= previous + 1;
        },

        "notes-link-text": (node, options) => {
            const words = text(node).toLowerCase().replace(/[.…:!]+$/, "");
            if (!words) return true; // axe's own link-name rule reports empty links.
            if (new RegExp(options.bareUrl, "i").test(words)) return false;
            return !options.vague.includes(words);
        },

        "notes-table-headers": (node) => {
            const caption = node.querySelector(":scope > caption");
            return Boolean(caption && text(caption)) && node.querySelector("th") !== null;
        },
    };

    const userbar = window.wagtail && window.wagtail.userbar;
    if (userbar && typeof userbar.registerCheck === "function") {
        for (const [id, evaluate] of Object.entries(checks)) userbar.registerCheck(id, evaluate);
    }
})();
