// Copy buttons for code blocks. Added here rather than in the HTML, so a reader
// without JavaScript never meets a button that does nothing.
(() => {
  const blocks = document.querySelectorAll(".block-code");
  if (!blocks.length || !navigator.clipboard) return;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.append(status);
  const say = (text) => {
    // Emptied first, so copying twice is announced twice.
    status.textContent = "";
    setTimeout(() => { status.textContent = text; }, 50);
  };
  blocks.forEach((block) => {
    const code = block.querySelector("pre");
    const caption = block.querySelector("figcaption");
    if (!code || !caption) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + block.querySelector(".highlight").getAttribute("aria-label"));
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(code.textContent).then(
        () => say("Copied"),
        () => say("Could not copy: select the code and copy it yourself."),
      );
    });
    caption.append(button);
  });
})();
