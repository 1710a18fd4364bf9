// The case form, shown in answer to the sign-in form's post (a case carried through sign-in, web/carried.py): its
// history entry takes the case form's address, so that a reload, or going back to it later on a shared phone, asks
// for the form again instead of sending the sign-in form, and its token, to the server once more.
history.replaceState(null, "", "/cases/new" + location.search);
