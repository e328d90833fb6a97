"""What can go wrong talking to a CRM, in Primer's words (adapters translate their SDK's errors)."""


class CrmError(Exception):
    pass


class CrmUnavailable(CrmError):
    """The CRM did not answer well enough for now (outage, rate limit, network): retry later."""


class CrmAuthError(CrmError):
    """The CRM refused our credentials: nothing can be sent until someone fixes them."""


class CrmRejected(CrmError):
    """The CRM refused this request or record for good (it would refuse it again)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status
