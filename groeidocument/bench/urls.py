from django.urls import path

from groeidocument.bench.views import bare
from groeidocument.urls import urlpatterns as product_urlpatterns

BARE_PATH = "/bench/bare/"

urlpatterns = [
    path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"),
    *product_urlpatterns,
]
