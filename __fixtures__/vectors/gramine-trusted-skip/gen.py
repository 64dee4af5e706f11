"""Makes expected.json: Gramine v1.9's own Manifest.expand_all_trusted_files
(python/graminelibos/manifest.py at tag v1.9, commit 0d1a4b7607592dab4c8a720c962acee3de6b4ca8)
over the tree in tree.json, with --chroot. Run with PYTHONPATH pointing at a directory holding
that graminelibos package (not kept here) and tomli, tomli-w installed:
    PYTHONPATH=/path/to/pkg python3 gen.py
"""
import json, os, pathlib, sys, tempfile

from graminelibos.manifest import Manifest

here = pathlib.Path(__file__).parent
tree = json.loads((here / 'tree.json').read_text())
with tempfile.TemporaryDirectory() as tmp:
    root = pathlib.Path(tmp) / 'rootfs'
    for e in tree['entries']:
        p = root / e['path']
        p.parent.mkdir(parents=True, exist_ok=True)
        if 'file' in e:
            p.write_text(e['file'])
        elif e.get('fifo'):
            os.mkfifo(p)
        else:
            os.symlink(e['symlink'], p)
    # loader.entrypoint carries its sha256, so Manifest() does not read the LibOS.
    text = 'loader.entrypoint = { uri = "file:/libsysdb.so", sha256 = "' + '0' * 64 + '" }\n'
    text += ''.join(f'[[sgx.trusted_files]]\nuri = "{t["uri"]}"\n' for t in tree['trusted_files'])
    m = Manifest(text)
    m.expand_all_trusted_files(chroot=root)
    out = {'gramine': 'v1.9 (0d1a4b7607592dab4c8a720c962acee3de6b4ca8)',
           'trusted_files': m['sgx']['trusted_files']}
(here / 'expected.json').write_text(json.dumps(out, indent=2) + '\n')
print(json.dumps(out, indent=2))
