from django.http import HttpRequest, HttpResponse


def queue(request: HttpRequest) -> HttpResponse:
    # Placeholder until the reviews pages land.
    return HttpResponse(status=503)
