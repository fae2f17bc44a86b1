from django.urls import path

from lims.gems import views

app_name = "gems"
urlpatterns = [
    path("items/<int:item_pk>/", views.item_stones, name="item"),
    path("items/<int:item_pk>/new/", views.stone_new, name="stone_new"),
    path("items/<int:item_pk>/label/", views.item_label, name="label"),
    path("stones/<int:stone_pk>/", views.stone_detail, name="stone"),
    path("stones/<int:stone_pk>/evidence/", views.evidence_upload, name="evidence"),
    path("stones/<int:stone_pk>/decide/", views.stone_decide_view, name="decide"),
]
