#!/usr/bin/env python3
"""Build test images: OCI layouts, oci-archives and docker-archives (classic and OCI-embedding).

Each --layer is one of
  busybox                  a tiny root: /bin/busybox (static) and applet links, /etc/passwd, /etc/group
  dir:PATH                 the tree at PATH
  json:SPEC                a JSON list of entries, inline or @FILE:
                           {"path": "a/b", "type": "file|dir|symlink|hardlink|fifo|chardev",
                            "data": "...", "target": "...", "mode": 420, "uid": 0, "gid": 0,
                            "xattrs": {"user.x": "v"}}
Entries are written in the given order, exactly as given (hostile paths included).
"""
import argparse, gzip, hashlib, io, json, os, shutil, sys, tarfile, time

BUSYBOX_APPLETS = ["sh", "cat", "env", "id", "pwd", "ls", "echo", "test", "true", "false", "sleep", "stat", "mkdir",
                   "touch", "rm", "readlink", "head", "wc"]


def tar_bytes(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for info, data in members:
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def info(path, kind, mode=0o644, uid=0, gid=0, size=0, target=None, xattrs=None):
    ti = tarfile.TarInfo(path)
    ti.type = kind
    ti.mode = mode
    ti.uid, ti.gid = uid, gid
    ti.size = size
    ti.mtime = 1700000000
    if target is not None:
        ti.linkname = target
    if xattrs:
        ti.pax_headers = {"SCHILY.xattr." + k: v for k, v in xattrs.items()}
    return ti


def busybox_members():
    bb = open(shutil.which("busybox") or "/bin/busybox", "rb").read()
    m = [(info("bin", tarfile.DIRTYPE, 0o755), None), (info("etc", tarfile.DIRTYPE, 0o755), None),
         (info("tmp", tarfile.DIRTYPE, 0o1777), None), (info("proc", tarfile.DIRTYPE, 0o755), None),
         (info("dev", tarfile.DIRTYPE, 0o755), None), (info("sys", tarfile.DIRTYPE, 0o755), None),
         (info("home", tarfile.DIRTYPE, 0o755), None), (info("home/app", tarfile.DIRTYPE, 0o755, 1000, 1000), None),
         (info("bin/busybox", tarfile.REGTYPE, 0o755, size=len(bb)), bb)]
    for a in BUSYBOX_APPLETS:
        m.append((info("bin/" + a, tarfile.SYMTYPE, 0o777, target="busybox"), None))
    passwd = b"root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n"
    group = b"root:x:0:\napp:x:1000:\nstaff:x:50:\nnogroup:x:65534:\n"
    m.append((info("etc/passwd", tarfile.REGTYPE, size=len(passwd)), passwd))
    m.append((info("etc/group", tarfile.REGTYPE, size=len(group)), group))
    return m


def spec_members(spec):
    if spec.startswith("@"):
        spec = open(spec[1:]).read()
    kinds = {"file": tarfile.REGTYPE, "dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE,
             "fifo": tarfile.FIFOTYPE, "chardev": tarfile.CHRTYPE}
    out = []
    for e in json.loads(spec):
        kind = kinds[e.get("type", "file")]
        data = e.get("data", "").encode() if kind == tarfile.REGTYPE else None
        default_mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
        ti = info(e["path"], kind, e.get("mode", default_mode), e.get("uid", 0), e.get("gid", 0),
                  len(data) if data is not None else 0, e.get("target"), e.get("xattrs"))
        out.append((ti, data))
    return out


def dir_members(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames) + sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            st = os.lstat(full)
            if os.path.islink(full):
                out.append((info(rel, tarfile.SYMTYPE, 0o777, st.st_uid, st.st_gid, target=os.readlink(full)), None))
            elif os.path.isdir(full):
                out.append((info(rel, tarfile.DIRTYPE, st.st_mode & 0o7777, st.st_uid, st.st_gid), None))
            else:
                data = open(full, "rb").read()
                out.append((info(rel, tarfile.REGTYPE, st.st_mode & 0o7777, st.st_uid, st.st_gid, len(data)), data))
    return out


def layer_tar(spec):
    if spec == "busybox":
        return tar_bytes(busybox_members())
    if spec.startswith("dir:"):
        return tar_bytes(dir_members(spec[4:]))
    if spec.startswith("json:"):
        return tar_bytes(spec_members(spec[5:]))
    raise SystemExit("unknown layer spec " + spec)


def sha(b):
    return hashlib.sha256(b).hexdigest()


def compress(raw, how):
    if how == "gzip":
        return gzip.compress(raw, mtime=0), "application/vnd.oci.image.layer.v1.tar+gzip"
    if how == "zstd":
        import subprocess
        return subprocess.run(["zstd", "-q", "-c"], input=raw, stdout=subprocess.PIPE, check=True).stdout, \
            "application/vnd.oci.image.layer.v1.tar+zstd"
    return raw, "application/vnd.oci.image.layer.v1.tar"


def image_config(args, diff_ids):
    cfg = {"Env": args.env or ["PATH=/bin"], "Cmd": json.loads(args.cmd) if args.cmd else ["/bin/sh"]}
    if args.entrypoint:
        cfg["Entrypoint"] = json.loads(args.entrypoint)
    if args.workdir:
        cfg["WorkingDir"] = args.workdir
    if args.user is not None:
        cfg["User"] = args.user
    return {"architecture": args.arch, "os": "linux", "config": cfg,
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + d for d in diff_ids]}}


class Blobs:
    def __init__(self):
        self.blobs = {}

    def add(self, data):
        d = sha(data)
        self.blobs[d] = data
        return d


def build(args):
    raws = [layer_tar(s) for s in args.layer]
    blobs = Blobs()
    layers = []
    for i, raw in enumerate(raws):
        data, mt = compress(raw, args.compress)
        d = blobs.add(data)
        size = len(data)
        if args.corrupt_layer == i:
            # The descriptor keeps the honest digest; the stored bytes differ.
            bad = bytearray(data)
            bad[len(bad) // 2] ^= 0xff
            blobs.blobs[d] = bytes(bad)
        if args.wrong_size_layer == i:
            size += 1
        layers.append({"mediaType": mt, "digest": "sha256:" + d, "size": size})
    cfg = json.dumps(image_config(args, [sha(r) for r in raws]), sort_keys=True).encode()
    cd = blobs.add(cfg)
    manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + cd,
                           "size": len(cfg)}, "layers": layers}
    mb = json.dumps(manifest, sort_keys=True).encode()
    md = blobs.add(mb)
    top = {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + md, "size": len(mb)}
    if args.multiarch:
        # An index listing a foreign architecture first, then ours.
        foreign = dict(top, platform={"os": "linux", "architecture": "s390x"})
        foreign_cfg = json.dumps(dict(json.loads(cfg), architecture="s390x")).encode()
        fm = dict(manifest, config=dict(manifest["config"], digest="sha256:" + blobs.add(foreign_cfg),
                                        size=len(foreign_cfg)))
        fmb = json.dumps(fm).encode()
        foreign.update(digest="sha256:" + blobs.add(fmb), size=len(fmb))
        ours = dict(top, platform={"os": "linux", "architecture": args.arch})
        idx = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                          "manifests": [foreign, ours]}).encode()
        top = {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:" + blobs.add(idx),
               "size": len(idx)}
    if args.tag:
        top["annotations"] = {"org.opencontainers.image.ref.name": args.tag}
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [top]}
    return raws, blobs, cfg, cd, index


def write_layout(out, blobs, index):
    os.makedirs(os.path.join(out, "blobs", "sha256"), exist_ok=True)
    for d, data in blobs.blobs.items():
        with open(os.path.join(out, "blobs", "sha256", d), "wb") as f:
            f.write(data)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f)


def tar_files(out, files):
    with tarfile.open(out, "w") as tf:
        for name, data in files:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mtime = 1700000000
            tf.addfile(ti, io.BytesIO(data))


def layout_files(blobs, index, prefix=""):
    files = [(prefix + "oci-layout", json.dumps({"imageLayoutVersion": "1.0.0"}).encode()),
             (prefix + "index.json", json.dumps(index).encode())]
    files += [(prefix + "blobs/sha256/" + d, data) for d, data in blobs.blobs.items()]
    return files


def main():
    p = argparse.ArgumentParser()
    p.add_argument("kind", choices=["oci", "oci-archive", "docker-classic", "docker-oci"])
    p.add_argument("out")
    p.add_argument("--layer", action="append", default=[])
    p.add_argument("--env", action="append")
    p.add_argument("--cmd")
    p.add_argument("--entrypoint")
    p.add_argument("--workdir")
    p.add_argument("--user")
    p.add_argument("--tag")
    p.add_argument("--repo-tag", default="example/test:1")
    p.add_argument("--arch", default={"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine))
    p.add_argument("--compress", choices=["none", "gzip", "zstd"], default="gzip")
    p.add_argument("--multiarch", action="store_true")
    p.add_argument("--corrupt-layer", type=int, default=-1)
    p.add_argument("--wrong-size-layer", type=int, default=-1)
    args = p.parse_args()
    if args.kind.startswith("docker"):
        args.compress = "none"  # docker save writes uncompressed layers
    raws, blobs, cfg, cd, index = build(args)
    if args.kind == "oci":
        write_layout(args.out, blobs, index)
    elif args.kind == "oci-archive":
        tar_files(args.out, [("./" + n, d) for n, d in layout_files(blobs, index)])
    elif args.kind == "docker-classic":
        files = [(cd + ".json", cfg)]
        layer_paths = []
        for i, raw in enumerate(raws):
            lid = sha(raw.__class__(str(i).encode()) + raw)
            data = raw
            if args.corrupt_layer == i:
                bad = bytearray(raw)
                bad[len(bad) // 2] ^= 0xff
                data = bytes(bad)
            files.append((lid + "/layer.tar", data))
            files.append((lid + "/VERSION", b"1.0"))
            layer_paths.append(lid + "/layer.tar")
        manifest = [{"Config": cd + ".json", "RepoTags": [args.repo_tag], "Layers": layer_paths}]
        files.insert(0, ("manifest.json", json.dumps(manifest).encode()))
        tar_files(args.out, files)
    else:
        # Docker 25+: an OCI layout plus a manifest.json whose paths point into blobs/.
        layer_paths = ["blobs/sha256/" + json.loads(blobs.blobs[index["manifests"][0]["digest"][7:]])["layers"][i]["digest"][7:]
                       for i in range(len(raws))] if not args.multiarch else []
        index["manifests"][0].setdefault("annotations", {})["io.containerd.image.name"] = "docker.io/" + args.repo_tag
        manifest = [{"Config": "blobs/sha256/" + cd, "RepoTags": [args.repo_tag], "Layers": layer_paths}]
        tar_files(args.out, [("manifest.json", json.dumps(manifest).encode())] + layout_files(blobs, index))


if __name__ == "__main__":
    main()
