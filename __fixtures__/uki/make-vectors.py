#!/usr/bin/env python3
"""Regenerates vectors.json from the oracles (see SOURCE.md); run from this folder with the env of
.ci/nitro-tpm-pcr.sh and .ci/uki-oracle.sh (NITRO_TPM_PCR_COMPUTE, UKIFY, SYSTEMD_MEASURE, UKI_*).
UKIs from real Debian stubs and kernels are built with ukify into a temporary folder; only their
sha256 and the oracles' outputs are kept."""
import hashlib, json, os, subprocess, tempfile

env = os.environ
tmp = tempfile.mkdtemp()
SYN = 'synthetic/'
CMDLINE = 'console=ttyS0 quiet'

def path(p):
    return env[p[1:]] if p.startswith('$') else (os.path.join(tmp, p[6:]) if p.startswith('built:') else p)

builds = []
for stub in ('252', '257'):
    for kernel, var, uname in (('6.1', 'UKI_KERNEL_61', '6.1.0-57-cloud-amd64'), ('6.12', 'UKI_KERNEL_612', '6.12.117+deb13-cloud-amd64')):
        name = f'uki-{stub}-{kernel}.efi'
        spec = {'name': name, 'stub': f'$UKI_STUB_{stub}', 'kernel': f'${var}', 'initrd': SYN + 'initrd.img',
                'osRelease': SYN + 'os-release', 'cmdline': CMDLINE, 'uname': uname}
        subprocess.run([env['UKIFY'], 'build', '--stub', path(spec['stub']), '--linux', path(spec['kernel']),
                        '--initrd', spec['initrd'], '--os-release', '@' + spec['osRelease'], '--cmdline', CMDLINE,
                        '--uname', uname, '--output', os.path.join(tmp, name)], check=True, capture_output=True)
        spec['ukifySha256'] = hashlib.sha256(open(os.path.join(tmp, name), 'rb').read()).hexdigest()
        builds.append(spec)

SB = {'PK': SYN + 'PK.esl', 'KEK': SYN + 'KEK.esl', 'db': SYN + 'db.esl', 'dbx': SYN + 'dbx.esl'}
MS = {'PK': SYN + 'PK.esl', 'KEK': SYN + 'KEK.esl', 'db': 'real/db-microsoft-uefi-ca.esl', 'dbx': SYN + 'dbx.esl'}
MS23 = {**MS, 'db': 'real/db-microsoft-uefi-ca-2023.esl'}
cases = [
    ('synthetic 252 UKI, Secure Boot off', [SYN + 'uki-252.efi'], {}),
    ('synthetic 257 UKI, Secure Boot off', [SYN + 'uki-257.efi'], {}),
    ('synthetic 257 UKI without .osrel/.cmdline/.uname', [SYN + 'uki-257-min.efi'], {}),
    ('synthetic 252 UKI, Secure Boot on, no db match', [SYN + 'uki-252.efi'], SB),
    ('synthetic signed 257 UKI, Secure Boot on, CA in db', [SYN + 'uki-257-signed.efi'], SB),
    ('synthetic signed 257 UKI, Secure Boot off', [SYN + 'uki-257-signed.efi'], {}),
    ('synthetic stub alone (no .linux)', [SYN + 'stub-257.efi'], {}),
    ('synthetic 258 UKI, Secure Boot off (the stub loads the kernel itself)', [SYN + 'uki-258.efi'], {}),
    ('synthetic 258 UKI, Secure Boot on', [SYN + 'uki-258.efi'], SB),
    ('Amazon Linux 2023 UKI without .sdmagic, Secure Boot off (counts as 252)', [SYN + 'uki-al2023.efi'], {}),
    ('Amazon Linux 2023 UKI without .sdmagic, Secure Boot on', [SYN + 'uki-al2023.efi'], SB),
    ('bookworm stub alone', ['$UKI_STUB_252'], {}),
    ('trixie kernel alone (signed by Debian)', ['$UKI_KERNEL_612'], {}),
    ('bookworm shim alone', ['$UKI_SHIM'], {}),
    ('bookworm shim, Secure Boot on, Microsoft UEFI CA 2011 in db', ['$UKI_SHIM'], MS),
    ('bookworm shim, Secure Boot on, Microsoft UEFI CA 2023 in db (its second signature)', ['$UKI_SHIM'], MS23),
]
for b in builds:
    cases.append((f'{b["name"]} (ukify), Secure Boot off', ['built:' + b['name']], {}))
    cases.append((f'shim then {b["name"]}, Secure Boot on, Microsoft UEFI CA in db', ['$UKI_SHIM', 'built:' + b['name']], MS))
cases.append(('synthetic signed 257 UKI twice and shim, Secure Boot on, CA in db', [SYN + 'uki-257-signed.efi', '$UKI_SHIM', SYN + 'uki-257-signed.efi'], SB))

old = json.load(open('vectors.json')) if os.path.exists('vectors.json') else {}
out = [] if env.get('NITRO_TPM_PCR_COMPUTE') else old.get('measure', [])
for name, images, sb in (cases if env.get('NITRO_TPM_PCR_COMPUTE') else []):
    cmd = [env['NITRO_TPM_PCR_COMPUTE']]
    for i in images: cmd += ['--image', path(i)]
    for k, v in sb.items(): cmd += [f'--{k}', v]
    r = json.loads(subprocess.run(cmd, check=True, capture_output=True).stdout)
    out.append({'name': name, 'images': images, **sb, 'expect': r})

pcr11 = []
def measure(spec_name, args, phases):
    cmd = [env['SYSTEMD_MEASURE'], 'calculate', *args, '--bank=sha256', '--bank=sha384', '--json=short']
    if phases: cmd.append('--phase=' + ':'.join(phases))
    r = json.loads(subprocess.run(cmd, check=True, capture_output=True).stdout)
    return {bank: entries[-1]['hash'] for bank, entries in r.items()}
for image, linux, phases in (
        (SYN + 'uki-252.efi', SYN + 'kernel.efi', ['enter-initrd']),
        (SYN + 'uki-252.efi', SYN + 'kernel.efi', ['enter-initrd', 'leave-initrd', 'sysinit', 'ready']),
        ('built:uki-252-6.1.efi', '$UKI_KERNEL_61', ['enter-initrd']),
        ('built:uki-252-6.12.efi', '$UKI_KERNEL_612', ['enter-initrd', 'leave-initrd'])):
    with open(os.path.join(tmp, 'cmdline'), 'w') as f: f.write(CMDLINE)
    args = [f'--linux={path(linux)}', f'--osrel={SYN}os-release', f'--cmdline={tmp}/cmdline', f'--initrd={SYN}initrd.img']
    pcr11.append({'image': image, 'phases': phases, 'oracle': 'systemd-measure 252', 'sections': {'.linux': linux, '.osrel': SYN + 'os-release', '.cmdline': CMDLINE, '.initrd': SYN + 'initrd.img'},
                  'expect': measure(image, args, phases)})

def section(pe_path, want):
    import struct
    b = open(pe_path, 'rb').read()
    e = struct.unpack_from('<I', b, 0x3c)[0]
    n = struct.unpack_from('<H', b, e + 6)[0]
    t = e + 24 + struct.unpack_from('<H', b, e + 20)[0]
    for i in range(n):
        name, vs, va, rs, rp = struct.unpack_from('<8sIIII', b, t + 40 * i)
        if name.rstrip(b'\0').decode() == want:
            return b[rp:rp + min(vs, rs)]

# systemd-measure 257 knows .uname and .sbat: the 257 stub's full section set.
for image, linux, uname, phases in (
        (SYN + 'uki-257.efi', SYN + 'kernel.efi', '6.12.0-synthetic', ['enter-initrd']),
        (SYN + 'uki-257.efi', SYN + 'kernel.efi', '6.12.0-synthetic', ['enter-initrd', 'leave-initrd', 'sysinit', 'ready']),
        ('built:uki-257-6.1.efi', '$UKI_KERNEL_61', '6.1.0-57-cloud-amd64', ['enter-initrd']),
        ('built:uki-257-6.12.efi', '$UKI_KERNEL_612', '6.12.117+deb13-cloud-amd64', ['enter-initrd', 'leave-initrd'])):
    with open(os.path.join(tmp, 'cmdline'), 'w') as f: f.write(CMDLINE)
    with open(os.path.join(tmp, 'uname'), 'w') as f: f.write(uname)
    with open(os.path.join(tmp, 'sbat'), 'wb') as f: f.write(section(path(image), '.sbat'))
    args = [f'--linux={path(linux)}', f'--osrel={SYN}os-release', f'--cmdline={tmp}/cmdline', f'--initrd={SYN}initrd.img',
            f'--uname={tmp}/uname', f'--sbat={tmp}/sbat']
    cmd = [env['SYSTEMD_MEASURE_257'], 'calculate', *args, '--bank=sha256', '--bank=sha384', '--json=short', '--phase=' + ':'.join(phases)]
    r = json.loads(subprocess.run(cmd, check=True, capture_output=True).stdout)
    pcr11.append({'image': image, 'phases': phases, 'oracle': 'systemd-measure 257',
                  'sections': {'.linux': linux, '.osrel': SYN + 'os-release', '.cmdline': CMDLINE, '.initrd': SYN + 'initrd.img',
                               '.uname': uname, '.sbat': "the UKI's own .sbat"},
                  'expect': {bank: entries[-1]['hash'] for bank, entries in r.items()}})

version = subprocess.run([env['SYSTEMD_MEASURE'], '--version'], capture_output=True, text=True).stdout.splitlines()[0]
version257 = subprocess.run([env['SYSTEMD_MEASURE_257'], '--version'], capture_output=True, text=True).stdout.splitlines()[0]
json.dump({'nitroTpmPcrCompute': '1.1.2', 'systemdMeasure': version, 'systemdMeasure257': version257, 'ukify': '257.13-1~deb13u1',
           'builds': builds, 'measure': out, 'pcr11': pcr11}, open('vectors.json', 'w'), indent=2)
print('wrote vectors.json:', len(out), 'measure cases,', len(pcr11), 'pcr11 cases')
