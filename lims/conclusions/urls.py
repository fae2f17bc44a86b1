from django.urls import path

from lims.conclusions import views

app_name = "conclusions"
urlpatterns = [
    path("", views.conclusion_list, name="list"),
    path("prepare/<int:pk>/", views.prepare, name="prepare"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/return/", views.send_back, name="return"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/status/", views.pdf_status, name="pdf_status"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:token>/", views.verify, name="verify"),
]
