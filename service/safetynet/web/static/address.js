// A page answered to a form's post (the form again with its errors, the sign-in form, a case carried through
// sign-in): its history entry becomes a plain address, so that a reload, or someone going back to it on a shared
// phone after sign-out, asks for the page afresh instead of sending the post (a sign-in's token, a child's case)
// to the server once more. The address is the post's own (each form's address answers a GET with its page) or the
// one the page names (data-address).
history.replaceState(null, "", (document.currentScript.dataset.address || location.pathname) + location.search);
