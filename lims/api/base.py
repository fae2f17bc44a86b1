"""What every serializer of the API builds on."""

from rest_framework import serializers


class ModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose read-only fields keep their model field's `allow_blank`, which DRF drops for
    read-only fields: without it the schema's enum of a choice field left blank (a stone's cut grade, an
    item's declared metal) excludes the "" the API does send, and clients generated from the schema reject
    the response. `allow_null` DRF keeps already."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if kwargs.get("read_only") and blank:
            kwargs["allow_blank"] = True
        return kwargs
