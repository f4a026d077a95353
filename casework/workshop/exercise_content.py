"""What a facilitator plans a training exercise with, as translatable text (msgids).

One entry per exercise, keyed like `casework.workshop.exercises.EXERCISES`: the learning goal,
the time it takes, the steps, what participants should see, common mistakes and debrief
questions tied to practice (consent, the risk of sharing, multi-agency pathways). A new language
is a new catalogue (translations/<lang>/LC_MESSAGES/casework.po), not new code.

Placeholders, filled in with the names the workshop vault holds: {account}, {alias},
{reference}, {organisation}, {other_organisation}, {stage}.
"""

from __future__ import annotations

from dataclasses import dataclass

from casework.i18n import N_


@dataclass(frozen=True)
class Plan:
    goal: str
    minutes: int
    steps: tuple[str, ...]
    expected: str
    mistakes: tuple[str, ...]
    debrief: tuple[str, ...]


LOG_IN_OPEN = N_("Log in as {account} and open case {reference} ({alias}).")

PLANS: dict[str, Plan] = {
    "register": Plan(
        N_(
            "Open a case with only the information the work needs, and record consent to data "
            "processing before anything else."
        ),
        15,
        (
            N_("Log in as {account}."),
            N_("Create a case for a returnee with the alias {alias}, returned to Kenya."),
            N_("Record the client's consent to data processing (signed form, today's date)."),
            N_("Note down the reference the app gives the case."),
        ),
        N_(
            "The case opens at the Intake status with a reference that starts with KE; its "
            "Consent tab lists consent to data processing, given today."
        ),
        (
            N_(
                "Typing the client's legal name as the alias: the alias is what every list and "
                "printout shows."
            ),
            N_(
                "Filling in every optional field on the first day: record only what the work needs."
            ),
        ),
        (
            N_(
                "What did you not record, and why? Which details would put the client at risk "
                "if this laptop were lost?"
            ),
            N_("How would you explain data processing to a client who cannot read the form?"),
        ),
    ),
    "consent": Plan(
        N_(
            "See that a referral cannot leave without a consent that covers its receiving "
            "organisation, and record one properly."
        ),
        20,
        (
            LOG_IN_OPEN,
            N_(
                "Open the draft referral to {organisation} and try to send it: the app refuses, "
                "because no consent covers that organisation."
            ),
            N_(
                "Record the client's consent to share information with {organisation} (signed "
                "form), choosing what may be shared."
            ),
            N_("Send the referral again."),
        ),
        N_(
            "The first attempt is refused with a message about consent; once the consent is "
            "recorded the referral is Sent, and the Consent tab shows the consent and its scope."
        ),
        (
            N_(
                "Recording a general consent to share with everyone when the client agreed to "
                "one organisation only."
            ),
            N_(
                "Ticking every scope (identity, contact, plan) without asking what the client "
                "agreed to."
            ),
        ),
        (
            N_("What may {organisation} now learn about the client, and what may it not?"),
            N_("What would you do if the client withdrew consent after the referral was sent?"),
            N_("When, if ever, may a supervisor send without consent, and who must know?"),
        ),
    ),
    "refer": Plan(
        N_("Make a referral at the right pathway stage, checking consent before it leaves."),
        15,
        (
            LOG_IN_OPEN,
            N_(
                "On the Consent tab, check which consent covers information sharing, and with whom."
            ),
            N_(
                "Refer the client to {organisation} for vocational training, at the pathway "
                'stage "{stage}".'
            ),
            N_("Send the referral."),
        ),
        N_(
            'The referral is Sent to {organisation} at the stage "{stage}", with the date an '
            "answer is due; the case's history shows it."
        ),
        (
            N_(
                "Choosing the organisation before the service: the list then offers partners "
                "that do not train."
            ),
            N_(
                "Writing the client's whole story in the purpose: the receiving organisation "
                "needs only what the service needs."
            ),
        ),
        (
            N_("What information did the referral carry, and did the client agree to each part?"),
            N_("Who on the multi-agency pathway acts next, and how will you know they have?"),
        ),
    ),
    "decline": Plan(
        N_(
            "Record an answer a partner gave by phone, on its behalf, with a reason that helps "
            "the next referral."
        ),
        10,
        (
            LOG_IN_OPEN,
            N_("{organisation} phoned: it cannot take the client this term."),
            N_("Record its answer on its behalf: declined, no capacity."),
        ),
        N_(
            "The referral shows Declined, reason No capacity, recorded by you on behalf of "
            "{organisation}; the history keeps who recorded it and when."
        ),
        (
            N_(
                "Withdrawing the referral instead of recording the decline: the statistics then "
                "lose why it failed."
            ),
            N_("Not telling the client: a decline needs a conversation and a next step."),
        ),
        (
            N_("How will you tell the client, and what will you offer instead?"),
            N_("How could the partners on the pathway plan for declines for lack of capacity?"),
        ),
    ),
    "rerefer": Plan(
        N_(
            "Keep a client on the pathway after a decline, with the link between both "
            "referrals visible."
        ),
        15,
        (
            LOG_IN_OPEN,
            N_(
                "{organisation} declined the referral. Make a new referral linked to it, to "
                "{other_organisation}."
            ),
            N_("Check that a consent covers {other_organisation}; record one if needed."),
            N_("Send it, then check that both referrals show the link."),
        ),
        N_(
            "The new referral is Sent to {other_organisation}, and both referrals show the link "
            "between them."
        ),
        (
            N_(
                "Making a new referral without the link: nobody then sees that the client "
                "waited twice."
            ),
            N_("Assuming that the consent given for the first organisation covers the second."),
        ),
        (
            N_(
                "Does the consent the client gave for {organisation} cover "
                "{other_organisation}? Why does it matter?"
            ),
            N_("What does the link tell a supervisor who looks at waiting times on the pathway?"),
        ),
    ),
    "overdue": Plan(
        N_(
            "Find referrals without an answer and follow them up before the client falls "
            "through the gap."
        ),
        15,
        (
            N_("Log in as {account} and list the overdue referrals."),
            N_(
                "Case {reference} ({alias}) has had no answer from {organisation} for weeks: "
                "add a task to call them."
            ),
            N_("Record their acceptance on their behalf, with an expected end date."),
        ),
        N_(
            "The referral is no longer overdue: it shows Accepted with an expected end date, "
            "and your task list shows the call."
        ),
        (
            N_("Changing the referral without the partner's answer, to make the list shorter."),
            N_("Leaving out the expected end date: nobody is then reminded when it passes."),
        ),
        (
            N_("Who chases an answer: the sending or the receiving organisation?"),
            N_(
                "What could a referral without an answer mean for the client's safety or "
                "motivation?"
            ),
        ),
    ),
    "plan": Plan(
        N_("Build a plan in the client's own words and see the supervisor's review."),
        25,
        (
            LOG_IN_OPEN,
            N_("In the draft plan, write the client's aspirations in their own words."),
            N_(
                "Add a goal on employment with one action, who is responsible and a date, then "
                "submit the plan."
            ),
            N_("Log in as supervisor and approve the plan, or return it with a comment."),
        ),
        N_(
            "The plan shows Submitted, then Approved, or Returned with the supervisor's comment "
            "for the caseworker."
        ),
        (
            N_("Writing goals for the client instead of with them."),
            N_("Actions without a responsible person or a date: nobody then follows them up."),
        ),
        (
            N_(
                "Which goals depend on a partner organisation, and has the client agreed to "
                "share the plan with it?"
            ),
            N_("What would make a supervisor return this plan?"),
        ),
    ),
    "print": Plan(
        N_("Print a plan for the client and the partners, and check what a printed page shows."),
        10,
        (
            LOG_IN_OPEN,
            N_("Print the approved reintegration plan in English, in French and in Arabic."),
            N_("Look for the CONFIDENTIAL marking and the workshop banner on every page."),
        ),
        N_(
            "Three documents, one per language, each page marked CONFIDENTIAL and carrying the "
            "workshop banner; the plan prints no offence details."
        ),
        (
            N_("Saving the PDF in a shared folder: the file is not encrypted."),
            N_("Printing for a partner without checking what the client agreed to share."),
        ),
        (
            N_("Who may receive this printout, and where will the paper be kept?"),
            N_("What should happen to printed copies once the plan is replaced?"),
        ),
    ),
}
