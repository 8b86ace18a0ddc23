from django.http import HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    # Placeholder until the ledger pages land.
    return HttpResponse(status=503)
