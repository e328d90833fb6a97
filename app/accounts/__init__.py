"""Accounts: the people who use Primer, their roles, login sessions and password resets.

Public: `service` (create_user, prepare_sign_up / sign_up, verify_email, authenticate,
change_password, request_password_reset / reset_password, set_role, update_profile, set_preferences,
set_consent), `invitations` (invite, resend, accept), `deactivation` (deactivate, reactivate),
`audit` (the account log: record, recent), `tokens` (the mailed links that choose a password),
`sessions` (start, load, end, end_all), `login` (Flask-Login's user loader), `passwords`,
`throttle` (the login slowdown), `queries` (search_users), `tasks` (what a sign-up or reset
request finishes after its answer, on a worker; the confirmation mail), `notifications` (which
optional emails a person gets, and the unsubscribe links in them), `welcome` (the welcome mail,
on core.signals.address_confirmed). Web: `web/` (sign-up, login, account, /account/notifications,
/unsubscribe, /invitation, /admin/users)."""
