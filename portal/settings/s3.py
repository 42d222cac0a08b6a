"""STORAGES for S3-compatible object storage (django-storages), shared by every web and worker
machine. Production settings call `s3_storages()` when PORTAL_S3_BUCKET is set; the storage tests
call it too, against a local S3 server, so what is tested is what production runs."""

from collections.abc import Mapping


def s3_storages(environ: Mapping[str, str]) -> dict[str, dict]:
    """Public media (Wagtail images and documents) under `media/`, cacheable and addressed by
    plain URLs (through PORTAL_S3_CUSTOM_DOMAIN, a CDN, if given); private files (résumés)
    under `private/` or in their own bucket, never public: the portal streams them after its
    permission check, and any URL made for them is signed and short-lived."""
    bucket = environ["PORTAL_S3_BUCKET"]
    common = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("PORTAL_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("PORTAL_S3_REGION") or None,
        # Empty means boto3's own chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables,
        # the instance role, ~/.aws; so a key is never required in a file.
        "access_key": environ.get("PORTAL_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("PORTAL_S3_SECRET_ACCESS_KEY") or None,
        # Path-style addressing works with every S3-compatible server (MinIO, Ceph, moto);
        # virtual-host style needs DNS for each bucket.
        "addressing_style": environ.get("PORTAL_S3_ADDRESSING_STYLE") or "path",
        "signature_version": "s3v4",
        # Two machines uploading "resume.pdf" at once must not overwrite each other.
        "file_overwrite": False,
    }
    public = {
        **common,
        "location": "media",
        "querystring_auth": False,
        "custom_domain": environ.get("PORTAL_S3_CUSTOM_DOMAIN") or None,
        # Buckets with ACLs disabled (AWS's default since 2023) make media/ public by a
        # bucket policy; others may ask for an object ACL here, e.g. public-read.
        "default_acl": environ.get("PORTAL_S3_PUBLIC_ACL") or None,
        # Wagtail never rewrites an image or rendition in place (new files get new names), so
        # browsers and CDNs may keep them for a day.
        "object_parameters": {"CacheControl": "public, max-age=86400"},
    }
    private = {
        **common,
        "bucket_name": environ.get("PORTAL_S3_PRIVATE_BUCKET") or bucket,
        "location": "private",
        "default_acl": "private",
        "querystring_auth": True,
        # A signed URL, if one is ever made, works for five minutes only.
        "querystring_expire": int(environ.get("PORTAL_S3_SIGNED_URL_SECONDS", "300")),
        # Never through the public CDN domain: signed URLs must reach the bucket itself.
        "custom_domain": None,
        "object_parameters": {"CacheControl": "private, no-store"},
    }
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": public},
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": private},
    }
