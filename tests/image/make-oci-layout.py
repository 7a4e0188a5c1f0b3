#!/usr/bin/env python3
"""Build the OCI image layout the pull tests push into a local registry.

make-oci-layout.py OUT_DIR BUSYBOX

OUT_DIR/ gets one layout holding two tags:
  single   an image manifest for linux/amd64: a busybox layer and a small
           layer with /etc/nsbox-image (contains "amd64")
  multi    an image index with that manifest and a linux/arm64 one (whose
           second layer says "arm64")
and prints the digests as JSON on stdout.
"""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile


def write_blob(out, data):
    digest = hashlib.sha256(data).hexdigest()
    path = os.path.join(out, "blobs", "sha256", digest)
    with open(path, "wb") as f:
        f.write(data)
    return "sha256:" + digest, len(data)


def tar_bytes(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, kind, payload, mode in entries:
            info = tarfile.TarInfo(name)
            info.mtime = 0
            info.mode = mode
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = payload
                tar.addfile(info)
            else:
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
    return buf.getvalue()


def add_layer(out, entries):
    raw = tar_bytes(entries)
    compressed = gzip.compress(raw, mtime=0)
    digest, size = write_blob(out, compressed)
    return {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size}, \
        "sha256:" + hashlib.sha256(raw).hexdigest()


def add_json(out, media_type, doc):
    data = json.dumps(doc, sort_keys=True).encode()
    digest, size = write_blob(out, data)
    return {"mediaType": media_type, "digest": digest, "size": size}


def image(out, arch, busybox_layer, busybox_diff):
    marker, marker_diff = add_layer(out, [("etc", "dir", None, 0o755),
                                          ("etc/nsbox-image", "file", (arch + "\n").encode(), 0o644)])
    config = add_json(out, "application/vnd.oci.image.config.v1+json", {
        "architecture": arch, "os": "linux",
        "config": {"Env": ["PATH=/bin"], "Cmd": ["/bin/sh"], "WorkingDir": "/"},
        "rootfs": {"type": "layers", "diff_ids": [busybox_diff, marker_diff]},
    })
    manifest = add_json(out, "application/vnd.oci.image.manifest.v1+json", {
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": config, "layers": [busybox_layer, marker],
    })
    manifest["platform"] = {"architecture": arch, "os": "linux"}
    return manifest, config, marker


def main():
    out, busybox = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(out, "blobs", "sha256"), exist_ok=True)
    with open(busybox, "rb") as f:
        busybox_bin = f.read()
    bb_layer, bb_diff = add_layer(out, [("bin", "dir", None, 0o755), ("bin/busybox", "file", busybox_bin, 0o755),
                                        ("bin/sh", "symlink", "busybox", 0o777)])
    amd64, amd64_config, amd64_marker = image(out, "amd64", bb_layer, bb_diff)
    arm64, _, _ = image(out, "arm64", bb_layer, bb_diff)
    index = add_json(out, "application/vnd.oci.image.index.v1+json", {
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [arm64, amd64],
    })
    single = dict(amd64)
    del single["platform"]
    single["annotations"] = {"org.opencontainers.image.ref.name": "single"}
    index["annotations"] = {"org.opencontainers.image.ref.name": "multi"}
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [single, index]}, f)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    json.dump({"amd64": amd64["digest"], "arm64": arm64["digest"], "index": index["digest"],
               "config": amd64_config["digest"], "layers": [bb_layer["digest"], amd64_marker["digest"]]},
              sys.stdout)


if __name__ == "__main__":
    main()
