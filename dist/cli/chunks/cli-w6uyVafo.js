import { p as parse, e as readInputFile, d as required, b as printJson, E as EnclaveBuildError } from './main-BQHnxbfa.js';

// Why this file is long: three commands (build, measure, pcr11), each with its flag table and help; the work is in build.ts, nitro-pcrs.ts and pcr11.ts.
// Light imports only: the UKI code is loaded by the subcommand that runs.
const bad = (message) => new EnclaveBuildError('INPUT_INVALID', message);
const resolvePath = (cwd, p) => process.getBuiltinModule('node:path').resolve(cwd, p);
const buildOptions = {
    stub: {
        type: 'string',
        arg: 'FILE',
        file: 'efi',
        required: true,
        help: "systemd-stub, e.g. Debian systemd-boot-efi's linuxx64.efi.stub (pin it)."
    },
    kernel: {
        type: 'string',
        arg: 'FILE',
        file: 'kernel',
        required: true,
        help: 'The kernel (EFI bzImage).'
    },
    initrd: {
        type: 'string',
        arg: 'FILE',
        file: 'initrd',
        required: true,
        help: 'The initrd.'
    },
    cmdline: {
        type: 'string',
        arg: 'TEXT',
        help: 'The kernel command line (.cmdline); whitespace runs collapse to one space, as ukify does.'
    },
    'os-release': {
        type: 'string',
        arg: 'FILE',
        file: 'text',
        help: 'os-release contents for .osrel (never read from this machine).'
    },
    uname: {
        type: 'string',
        arg: 'TEXT',
        help: 'The kernel release for .uname.'
    },
    sbat: {
        type: 'string',
        arg: 'FILE',
        file: 'text',
        help: 'SBAT lines merged into .sbat with the stub and kernel lines (default: ukify\'s "uki,1,UKI,..." line).'
    },
    output: {
        type: 'string',
        short: 'o',
        arg: 'FILE',
        required: true,
        help: 'Where to write the UKI.'
    },
    json: {
        type: 'boolean',
        help: 'Print {"output", "sha256", "size", "pcr4", "pcr11"} of the UKI.'
    }
};
/** `uki build`: a UKI laid out as ukify 257 lays it out, byte for byte. */
const ukiBuild = async (args, io) => {
    const { values: v } = parse(args, buildOptions);
    // Every required flag is checked before any file is read.
    const paths = {
        stub: required(v.stub, '--stub'),
        kernel: required(v.kernel, '--kernel'),
        initrd: required(v.initrd, '--initrd'),
        output: required(v.output, '--output')
    };
    const read = (p, flag) => readInputFile(resolvePath(io.cwd, p), flag);
    const stub = await read(paths.stub, '--stub');
    const kernel = await read(paths.kernel, '--kernel');
    const initrd = await read(paths.initrd, '--initrd');
    const output = resolvePath(io.cwd, paths.output);
    const osRelease = v['os-release'] !== undefined
        ? await read(v['os-release'], '--os-release')
        : undefined;
    const sbat = v.sbat !== undefined
        ? (await read(v.sbat, '--sbat')).toString('utf8')
        : undefined;
    const { buildUki } = await import('./build-CClQN7ez.js');
    const uki = buildUki({
        stub,
        kernel,
        initrd,
        cmdline: v.cmdline,
        osRelease,
        uname: v.uname,
        sbat
    });
    const { writeFileAtomic } = await import('./main-BQHnxbfa.js').then(function (n) { return n.L; });
    await writeFileAtomic(output, uki);
    const sha256 = process
        .getBuiltinModule('node:crypto')
        .createHash('sha256')
        .update(uki)
        .digest('hex');
    if (v.json) {
        const { nitroTpmPcrs } = await import('./nitro-pcrs-DuaOyKeb.js');
        const { pcr11 } = await import('./pcr11-DSR5jJ0c.js');
        printJson(io, {
            output,
            sha256,
            size: uki.length,
            pcr4: nitroTpmPcrs({ images: [uki] }).Measurements.PCR4,
            pcr11: pcr11(uki)
        });
    }
    else
        io.stdout(`Wrote ${output} (${uki.length} bytes, sha256 ${sha256})\n`);
    return 0;
};
ukiBuild.about =
    'Sections as ukify 257 adds them: .osrel .cmdline .uname .linux .initrd, then .sbat merged in place.';
const measureOptions = {
    image: {
        type: 'string',
        multiple: true,
        default: [],
        // -i, as nitro-tpm-pcr-compute spells it
        short: 'i',
        arg: 'FILE',
        file: 'image',
        required: true,
        help: 'An EFI image, in load order (repeat: shim, then the UKI).'
    },
    PK: {
        type: 'string',
        arg: 'FILE',
        file: 'efivar',
        help: 'PK variable contents; given = Secure Boot on.'
    },
    KEK: {
        type: 'string',
        arg: 'FILE',
        file: 'efivar',
        help: 'KEK variable contents.'
    },
    db: {
        type: 'string',
        arg: 'FILE',
        file: 'efivar',
        help: 'db variable contents (EFI signature list).'
    },
    dbx: {
        type: 'string',
        arg: 'FILE',
        file: 'efivar',
        help: 'dbx variable contents.'
    },
    json: {
        type: 'boolean',
        help: 'Print nitro-tpm-pcr-compute\'s JSON: {"Measurements": {"HashAlgorithm", "PCR4", "PCR7", "PCR12"}}.'
    }
};
/** `uki measure`: NitroTPM PCR4/7/12 as aws nitro-tpm-pcr-compute 1.1.2. */
const ukiMeasure = async (args, io) => {
    const { values: v } = parse(args, measureOptions);
    if (v.image.length === 0)
        throw bad('--image is required');
    const opt = async (p, flag) => p === undefined ? undefined : readInputFile(resolvePath(io.cwd, p), flag);
    const images = await Promise.all(v.image.map((p, i) => readInputFile(resolvePath(io.cwd, p), v.image.length === 1 ? '--image' : `--image ${i + 1} (${p})`)));
    if (v.PK === undefined && (v.KEK ?? v.db ?? v.dbx) !== undefined)
        io.stderr('warning: --KEK/--db/--dbx without --PK: Secure Boot counts as off (as nitro-tpm-pcr-compute does)\n');
    const { nitroTpmPcrs } = await import('./nitro-pcrs-DuaOyKeb.js');
    const result = nitroTpmPcrs({
        images,
        pk: await opt(v.PK, '--PK'),
        kek: await opt(v.KEK, '--KEK'),
        db: await opt(v.db, '--db'),
        dbx: await opt(v.dbx, '--dbx')
    });
    if (v.json)
        printJson(io, result);
    else {
        const m = result.Measurements;
        io.stdout(`PCR4: ${m.PCR4}\nPCR7: ${m.PCR7}\nPCR12: ${m.PCR12}\n`);
    }
    return 0;
};
ukiMeasure.about =
    'NitroTPM PCR4, PCR7 and PCR12 of EFI images (shim, then the UKI), as aws nitro-tpm-pcr-compute computes them.';
const pcr11Options = {
    image: {
        type: 'string',
        arg: 'FILE',
        file: 'image',
        required: true,
        help: 'The UKI.'
    },
    bank: {
        type: 'string',
        multiple: true,
        default: [],
        arg: 'sha256|sha384',
        help: 'A PCR bank (repeat; default both).'
    },
    phase: {
        type: 'string',
        multiple: true,
        default: [],
        arg: 'PHASE',
        help: 'A boot phase extended after the sections, in order (enter-initrd, leave-initrd, ...; a:b is two).'
    },
    'stub-version': {
        type: 'string',
        arg: 'N',
        help: "The systemd-stub major version (default: from the UKI's .sdmagic)."
    },
    json: { type: 'boolean', help: 'Print {"sha256": hex, "sha384": hex}.' }
};
/** `uki pcr11`: PCR 11 as the UKI's systemd-stub extends it. */
const ukiPcr11 = async (args, io) => {
    const { values: v } = parse(args, pcr11Options);
    const image = await readInputFile(resolvePath(io.cwd, required(v.image, '--image')), '--image');
    // systemd-measure spells banks SHA256/SHA384; either case is one bank
    const banks = [...new Set(v.bank.map((b) => b.toLowerCase()))];
    for (const b of banks)
        if (b !== 'sha256' && b !== 'sha384')
            throw bad(`--bank ${b}: use sha256 or sha384`);
    const phases = v.phase.flatMap((p) => p.split(':'));
    if (phases.some((p) => p === ''))
        throw bad('--phase takes a non-empty phase name');
    let stubVersion;
    if (v['stub-version'] !== undefined) {
        if (!/^[1-9][0-9]{2}$/.test(v['stub-version']))
            throw bad('--stub-version is a systemd major version such as 252 or 257');
        stubVersion = Number(v['stub-version']);
    }
    const { pcr11 } = await import('./pcr11-DSR5jJ0c.js');
    const result = pcr11(image, {
        banks: banks.length
            ? banks
            : ['sha256', 'sha384'],
        phases,
        stubVersion
    });
    if (v.json)
        printJson(io, result);
    else
        io.stdout(Object.entries(result)
            .map(([k, x]) => `PCR11 ${k}: ${x}\n`)
            .join(''));
    return 0;
};
ukiPcr11.about =
    "PCR 11 as the UKI's own systemd-stub extends it (systemd-measure calculate's values); the stub's version decides which sections count.";

export { ukiBuild, ukiMeasure, ukiPcr11 };
