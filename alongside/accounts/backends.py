"""Login throttling (docs/decisions/0042-how-curators-sign-in.md)."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for sign-ins that come over the network.

    Every sign-in form passes the request; code that signs in without one (tests, scripts
    on the server) has no client address to count against and is left to the next backend,
    where axes itself would raise an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
