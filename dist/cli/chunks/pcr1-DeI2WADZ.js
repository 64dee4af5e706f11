import { p as parse, d as required, E as EnclaveBuildError, b as printJson } from './main-BQHnxbfa.js';
import { m as measureSectionsSync } from './pcr-ClYbwWw4.js';
import { c as cmdlineOf, b as bootstrapOf, a as bootstrapOptions, k as kernelOptions } from './boot-BVfEDvrF.js';
import { r as readInput } from './common-Ci8ZxLLG.js';
import 'node:crypto';
import './digest-worker-BWbgCEkR.js';
import './ramdisk-EuQQHTGs.js';
import './cpio-QmwdZ1z6.js';
import './read-D5SN6HEp.js';
import 'node:fs';
import 'node:fs/promises';
import 'node:path';

/**
 * `nitro pcr1`: PCR1 of AWS's blobs (kernel ‖ cmdline ‖ bootstrap ramdisk
 * made from init and nsm.ko), which nitro-cli build-enclave prints for every
 * image built with them; `--expect HEX` makes it a check (exit 1 if not equal).
 */
const nitroPcr1 = async (args, io) => {
    const { values: v } = parse(args, {
        ...kernelOptions,
        ...bootstrapOptions,
        expect: {
            type: 'string',
            arg: 'HEX',
            help: 'The PCR1 to check against (96 hex digits); a different PCR1 fails with MEASUREMENT_MISMATCH.'
        },
        json: { type: 'boolean', default: false, help: 'Print {"PCR1": hex}.' }
    });
    const kernelPath = required(v.kernel, '--kernel');
    const cmdline = await cmdlineOf(io, v.cmdline, v['cmdline-file']);
    const expected = v.expect?.trim().toLowerCase();
    if (expected !== undefined && !/^[0-9a-f]{96}$/.test(expected))
        throw new EnclaveBuildError('INPUT_INVALID', '--expect must be a PCR: 96 hex digits');
    if (v.init === undefined || v.nsm === undefined)
        throw new EnclaveBuildError('INPUT_INVALID', '--init and --nsm are required: PCR1 covers the bootstrap ramdisk made from them');
    const bootstrap = (await bootstrapOf(io, v));
    const kernel = await readInput(io, kernelPath, 'kernel');
    const { PCR1 } = measureSectionsSync({
        kernel: [kernel],
        cmdline: new TextEncoder().encode(cmdline),
        ramdisks: [[bootstrap]]
    });
    if (expected !== undefined && PCR1 !== expected)
        throw new EnclaveBuildError('MEASUREMENT_MISMATCH', `PCR1 is ${PCR1}, not the expected ${expected}: check that kernel, cmdline, init and nsm.ko are the blobs of that release, and the --bootstrap-layout (nitro-cli uses linuxkit)`);
    if (v.json)
        printJson(io, { PCR1 });
    else
        io.stdout(`${PCR1}\n`);
    return 0;
};

export { nitroPcr1 };
