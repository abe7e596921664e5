"""The login form's button is the first submit button on the login page (Enter or the first button signs in)."""

import re


def test_the_first_submit_button_on_the_login_page_signs_in(client, db):
    html = client.get("/accounts/login/").content.decode()
    buttons = re.findall(r"<button[^>]*type=\"submit\"[^>]*>", html)
    assert len(buttons) >= 2  # the login button and the language switch
    assert 'data-testid="login-submit"' in buttons[0]
    # the language switch is still there, after the login form
    assert html.index('data-testid="login-submit"') < html.index('name="language"')
