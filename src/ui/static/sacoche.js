// sacoche's page: the little it needs from a script, nothing fetched from elsewhere.
"use strict";

// A form being sent says so (long work: packing, integrating) and is not sent twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.busy === "yes") {
    event.preventDefault();
    return;
  }
  form.dataset.busy = "yes";
});

// The inbox list follows what arrives: it is shown again when the inbox changes.
const watched = document.querySelector("[data-stamp]");
if (watched) {
  const look = async () => {
    try {
      const answer = await fetch("/recevoir/etat", { credentials: "same-origin" });
      if (answer.ok) {
        const stamp = (await answer.text()).trim();
        const busy = document.querySelector('form[data-busy="yes"]');
        const ticked = document.querySelector("input[type=checkbox]:checked");
        if (stamp !== watched.dataset.stamp && !busy && !ticked) {
          window.location.reload();
          return;
        }
      }
    } catch (e) {
      // sacoche stopped: nothing more to follow.
      return;
    }
    window.setTimeout(look, 2000);
  };
  window.setTimeout(look, 2000);
}
