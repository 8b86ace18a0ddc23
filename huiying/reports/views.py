from django.http import HttpRequest, HttpResponse


def list(request: HttpRequest) -> HttpResponse:
    # Placeholder until the reports pages land.
    return HttpResponse(status=503)
