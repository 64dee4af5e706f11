import require$$0__default from 'node:crypto';

var dist$2 = {};

var asn1 = {};

var obj = {};

var stream = {};

var hasRequiredStream;

function requireStream () {
	if (hasRequiredStream) return stream;
	hasRequiredStream = 1;
	Object.defineProperty(stream, "__esModule", { value: true });
	stream.ByteStream = void 0;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	class StreamError extends Error {
	}
	class ByteStream {
	    static BLOCK_SIZE = 1024;
	    buf;
	    view;
	    start = 0;
	    constructor(buffer) {
	        if (buffer) {
	            this.buf = buffer;
	            this.view = Buffer.from(buffer);
	        }
	        else {
	            this.buf = Buffer.alloc(0);
	            this.view = Buffer.from(this.buf);
	        }
	    }
	    get buffer() {
	        return this.view.subarray(0, this.start);
	    }
	    get length() {
	        return this.view.byteLength;
	    }
	    get position() {
	        return this.start;
	    }
	    seek(position) {
	        this.start = position;
	    }
	    // Returns a Buffer containing the specified number of bytes starting at the
	    // given start position.
	    slice(start, len) {
	        const end = start + len;
	        if (end > this.length) {
	            throw new StreamError('request past end of buffer');
	        }
	        return this.view.subarray(start, end);
	    }
	    appendChar(char) {
	        this.ensureCapacity(1);
	        this.view[this.start] = char;
	        this.start += 1;
	    }
	    appendUint16(num) {
	        this.ensureCapacity(2);
	        const value = new Uint16Array([num]);
	        const view = new Uint8Array(value.buffer);
	        this.view[this.start] = view[1];
	        this.view[this.start + 1] = view[0];
	        this.start += 2;
	    }
	    appendUint24(num) {
	        this.ensureCapacity(3);
	        const value = new Uint32Array([num]);
	        const view = new Uint8Array(value.buffer);
	        this.view[this.start] = view[2];
	        this.view[this.start + 1] = view[1];
	        this.view[this.start + 2] = view[0];
	        this.start += 3;
	    }
	    appendView(view) {
	        this.ensureCapacity(view.length);
	        this.view.set(view, this.start);
	        this.start += view.length;
	    }
	    getBlock(size) {
	        if (size <= 0) {
	            return Buffer.alloc(0);
	        }
	        if (this.start + size > this.view.length) {
	            throw new Error('request past end of buffer');
	        }
	        const result = this.view.subarray(this.start, this.start + size);
	        this.start += size;
	        return result;
	    }
	    getUint8() {
	        return this.getBlock(1)[0];
	    }
	    getUint16() {
	        const block = this.getBlock(2);
	        return (block[0] << 8) | block[1];
	    }
	    ensureCapacity(size) {
	        if (this.start + size > this.view.byteLength) {
	            const blockSize = ByteStream.BLOCK_SIZE + (size > ByteStream.BLOCK_SIZE ? size : 0);
	            this.realloc(this.view.byteLength + blockSize);
	        }
	    }
	    realloc(size) {
	        const newArray = Buffer.alloc(size);
	        const newView = Buffer.from(newArray);
	        // Copy the old buffer into the new one
	        newView.set(this.view);
	        this.buf = newArray;
	        this.view = newView;
	    }
	}
	stream.ByteStream = ByteStream;
	return stream;
}

var error$2 = {};

var hasRequiredError$2;

function requireError$2 () {
	if (hasRequiredError$2) return error$2;
	hasRequiredError$2 = 1;
	Object.defineProperty(error$2, "__esModule", { value: true });
	error$2.ASN1TypeError = error$2.ASN1ParseError = void 0;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	class ASN1ParseError extends Error {
	}
	error$2.ASN1ParseError = ASN1ParseError;
	class ASN1TypeError extends Error {
	}
	error$2.ASN1TypeError = ASN1TypeError;
	return error$2;
}

var length = {};

var hasRequiredLength;

function requireLength () {
	if (hasRequiredLength) return length;
	hasRequiredLength = 1;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	Object.defineProperty(length, "__esModule", { value: true });
	length.decodeLength = decodeLength;
	length.encodeLength = encodeLength;
	const error_1 = requireError$2();
	// Decodes the length of a DER-encoded ANS.1 element from the supplied stream.
	// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-encoded-length-and-value-bytes
	function decodeLength(stream) {
	    const buf = stream.getUint8();
	    // If the most significant bit is UNSET the length is just the value of the
	    // byte.
	    if ((buf & 0x80) === 0x00) {
	        return buf;
	    }
	    // Otherwise, the lower 7 bits of the first byte indicate the number of bytes
	    // that follow to encode the length.
	    const byteCount = buf & 0x7f;
	    // Ensure the encoded length can safely fit in a JS number.
	    if (byteCount > 6) {
	        throw new error_1.ASN1ParseError('length exceeds 6 byte limit');
	    }
	    // Iterate over the bytes that encode the length.
	    let len = 0;
	    for (let i = 0; i < byteCount; i++) {
	        const byte = stream.getUint8();
	        // The first byte of a multi-byte length must not be zero; a leading zero
	        // means the length could have been encoded in fewer bytes (non-minimal).
	        if (i === 0 && byte === 0x00) {
	            throw new error_1.ASN1ParseError('non-minimal length encoding');
	        }
	        len = len * 256 + byte;
	    }
	    // This is a valid ASN.1 length encoding, but we don't support it.
	    if (len === 0) {
	        throw new error_1.ASN1ParseError('indefinite length encoding not supported');
	    }
	    // Lengths less than 128 must use the short form; rejecting them here ensures
	    // the encoding is minimal (strict DER).
	    if (len < 128) {
	        throw new error_1.ASN1ParseError('non-minimal length encoding');
	    }
	    return len;
	}
	// Translates the supplied value to a DER-encoded length.
	function encodeLength(len) {
	    if (len < 128) {
	        return Buffer.from([len]);
	    }
	    // Bitwise operations on large numbers are not supported in JS, so we need to
	    // use BigInts.
	    let val = BigInt(len);
	    const bytes = [];
	    while (val > 0n) {
	        bytes.unshift(Number(val & 255n));
	        val = val >> 8n;
	    }
	    return Buffer.from([0x80 | bytes.length, ...bytes]);
	}
	return length;
}

var parse = {};

var hasRequiredParse;

function requireParse () {
	if (hasRequiredParse) return parse;
	hasRequiredParse = 1;
	Object.defineProperty(parse, "__esModule", { value: true });
	parse.parseInteger = parseInteger;
	parse.parseStringASCII = parseStringASCII;
	parse.parseTime = parseTime;
	parse.parseOID = parseOID;
	parse.parseBoolean = parseBoolean;
	parse.parseBitString = parseBitString;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const error_1 = requireError$2();
	const RE_TIME_SHORT_YEAR = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d{3})?Z$/;
	const RE_TIME_LONG_YEAR = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d{3})?Z$/;
	// Parse a BigInt from the DER-encoded buffer
	// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-integer
	function parseInteger(buf) {
	    let pos = 0;
	    const end = buf.length;
	    let val = buf[pos];
	    const neg = val > 0x7f;
	    // Consume any padding bytes
	    const pad = neg ? 0xff : 0x00;
	    while (val == pad && ++pos < end) {
	        val = buf[pos];
	    }
	    // Calculate remaining bytes to read
	    const len = end - pos;
	    if (len === 0)
	        return BigInt(neg ? -1 : 0);
	    // Handle two's complement for negative numbers
	    val = neg ? val - 256 : val;
	    // Parse remaining bytes
	    let n = BigInt(val);
	    for (let i = pos + 1; i < end; ++i) {
	        n = n * BigInt(256) + BigInt(buf[i]);
	    }
	    return n;
	}
	// Parse an ASCII string from the DER-encoded buffer
	// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-basic-types#boolean
	function parseStringASCII(buf) {
	    return buf.toString('ascii');
	}
	// Parse a Date from the DER-encoded buffer
	// https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5.1
	function parseTime(buf, shortYear) {
	    const timeStr = parseStringASCII(buf);
	    // Parse the time string into matches - captured groups start at index 1
	    const m = shortYear
	        ? RE_TIME_SHORT_YEAR.exec(timeStr)
	        : RE_TIME_LONG_YEAR.exec(timeStr);
	    if (!m) {
	        throw new Error('invalid time');
	    }
	    // Translate dates with a 2-digit year to 4 digits per the spec
	    if (shortYear) {
	        let year = Number(m[1]);
	        year += year >= 50 ? 1900 : 2000;
	        m[1] = year.toString();
	    }
	    // Translate to ISO8601 format and parse
	    return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
	}
	// Parse an OID from the DER-encoded buffer
	// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-object-identifier
	function parseOID(buf) {
	    let pos = 0;
	    const end = buf.length;
	    // Consume first byte which encodes the first two OID components
	    let n = buf[pos++];
	    const first = Math.floor(n / 40);
	    const second = n % 40;
	    let oid = `${first}.${second}`;
	    // Consume remaining bytes. Use a BigInt accumulator so that arcs which
	    // exceed 32 bits are not silently truncated (a truncated arc could be made
	    // to collide with a trusted OID).
	    let val = 0n;
	    for (; pos < end; ++pos) {
	        n = buf[pos];
	        val = (val << 7n) + BigInt(n & 0x7f);
	        // If the left-most bit is NOT set, then this is the last byte in the
	        // sequence and we can add the value to the OID and reset the accumulator
	        if ((n & 0x80) === 0) {
	            oid += `.${val}`;
	            val = 0n;
	        }
	    }
	    return oid;
	}
	// Parse a boolean from the DER-encoded buffer
	// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-basic-types#boolean
	function parseBoolean(buf) {
	    // DER requires a BOOLEAN to be a single byte that is either 0x00 (false) or
	    // 0xff (true). Reject any other (non-canonical) encoding.
	    if (buf.length !== 1) {
	        throw new error_1.ASN1ParseError('invalid boolean');
	    }
	    switch (buf[0]) {
	        case 0x00:
	            return false;
	        case 0xff:
	            return true;
	        default:
	            throw new error_1.ASN1ParseError('invalid boolean');
	    }
	}
	// Parse a bit string from the DER-encoded buffer
	// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-bit-string
	function parseBitString(buf) {
	    // First byte tell us how many unused bits are in the last byte
	    const unused = buf[0];
	    // The number of unused bits must be in the range 0-7.
	    if (unused > 7) {
	        throw new error_1.ASN1ParseError('invalid bit string');
	    }
	    const start = 1;
	    const end = buf.length;
	    const bits = [];
	    for (let i = start; i < end; ++i) {
	        const byte = buf[i];
	        // The skip value is only used for the last byte
	        const skip = i === end - 1 ? unused : 0;
	        // Iterate over each bit in the byte (most significant first)
	        for (let j = 7; j >= skip; --j) {
	            // Read the bit and add it to the bit string
	            bits.push((byte >> j) & 0x01);
	        }
	    }
	    return bits;
	}
	return parse;
}

var tag = {};

var hasRequiredTag;

function requireTag () {
	if (hasRequiredTag) return tag;
	hasRequiredTag = 1;
	Object.defineProperty(tag, "__esModule", { value: true });
	tag.ASN1Tag = void 0;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const error_1 = requireError$2();
	const UNIVERSAL_TAG = {
	    BOOLEAN: 0x01,
	    INTEGER: 0x02,
	    BIT_STRING: 0x03,
	    OCTET_STRING: 0x04,
	    OBJECT_IDENTIFIER: 0x06,
	    UTC_TIME: 0x17,
	    GENERALIZED_TIME: 0x18,
	};
	const TAG_CLASS = {
	    UNIVERSAL: 0x00,
	    CONTEXT_SPECIFIC: 0x02};
	// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-encoded-tag-bytes
	class ASN1Tag {
	    number;
	    constructed;
	    class;
	    constructor(enc) {
	        // Bits 0 through 4 are the tag number
	        this.number = enc & 0x1f;
	        // Bit 5 is the constructed bit
	        this.constructed = (enc & 0x20) === 0x20;
	        // Bit 6 & 7 are the class
	        this.class = enc >> 6;
	        if (this.number === 0x1f) {
	            throw new error_1.ASN1ParseError('long form tags not supported');
	        }
	        if (this.class === TAG_CLASS.UNIVERSAL && this.number === 0x00) {
	            throw new error_1.ASN1ParseError('unsupported tag 0x00');
	        }
	    }
	    isUniversal() {
	        return this.class === TAG_CLASS.UNIVERSAL;
	    }
	    isContextSpecific(num) {
	        const res = this.class === TAG_CLASS.CONTEXT_SPECIFIC;
	        return num !== undefined ? res && this.number === num : res;
	    }
	    isBoolean() {
	        return this.isUniversal() && this.number === UNIVERSAL_TAG.BOOLEAN;
	    }
	    isInteger() {
	        return this.isUniversal() && this.number === UNIVERSAL_TAG.INTEGER;
	    }
	    isBitString() {
	        return this.isUniversal() && this.number === UNIVERSAL_TAG.BIT_STRING;
	    }
	    isOctetString() {
	        return this.isUniversal() && this.number === UNIVERSAL_TAG.OCTET_STRING;
	    }
	    isOID() {
	        return (this.isUniversal() && this.number === UNIVERSAL_TAG.OBJECT_IDENTIFIER);
	    }
	    isUTCTime() {
	        return this.isUniversal() && this.number === UNIVERSAL_TAG.UTC_TIME;
	    }
	    isGeneralizedTime() {
	        return this.isUniversal() && this.number === UNIVERSAL_TAG.GENERALIZED_TIME;
	    }
	    toDER() {
	        return this.number | (this.constructed ? 0x20 : 0x00) | (this.class << 6);
	    }
	}
	tag.ASN1Tag = ASN1Tag;
	return tag;
}

var hasRequiredObj;

function requireObj () {
	if (hasRequiredObj) return obj;
	hasRequiredObj = 1;
	Object.defineProperty(obj, "__esModule", { value: true });
	obj.ASN1Obj = void 0;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const stream_1 = requireStream();
	const error_1 = requireError$2();
	const length_1 = requireLength();
	const parse_1 = requireParse();
	const tag_1 = requireTag();
	class ASN1Obj {
	    tag;
	    subs;
	    value;
	    constructor(tag, value, subs) {
	        this.tag = tag;
	        this.value = value;
	        this.subs = subs;
	    }
	    // Constructs an ASN.1 object from a Buffer of DER-encoded bytes.
	    static parseBuffer(buf) {
	        const stream = new stream_1.ByteStream(buf);
	        const obj = parseStream(stream);
	        // Ensure the entire buffer was consumed; trailing data after the top-level
	        // object indicates a malformed (or maliciously padded) encoding.
	        if (stream.position !== stream.length) {
	            throw new error_1.ASN1ParseError('invalid trailing data');
	        }
	        return obj;
	    }
	    toDER() {
	        const valueStream = new stream_1.ByteStream();
	        if (this.subs.length > 0) {
	            for (const sub of this.subs) {
	                valueStream.appendView(sub.toDER());
	            }
	        }
	        else {
	            valueStream.appendView(this.value);
	        }
	        const value = valueStream.buffer;
	        // Concat tag/length/value
	        const obj = new stream_1.ByteStream();
	        obj.appendChar(this.tag.toDER());
	        obj.appendView((0, length_1.encodeLength)(value.length));
	        obj.appendView(value);
	        return obj.buffer;
	    }
	    /////////////////////////////////////////////////////////////////////////////
	    // Convenience methods for parsing ASN.1 primitives into JS types
	    // Returns the ASN.1 object's value as a boolean. Throws an error if the
	    // object is not a boolean.
	    toBoolean() {
	        if (!this.tag.isBoolean()) {
	            throw new error_1.ASN1TypeError('not a boolean');
	        }
	        return (0, parse_1.parseBoolean)(this.value);
	    }
	    // Returns the ASN.1 object's value as a BigInt. Throws an error if the
	    // object is not an integer.
	    toInteger() {
	        if (!this.tag.isInteger()) {
	            throw new error_1.ASN1TypeError('not an integer');
	        }
	        return (0, parse_1.parseInteger)(this.value);
	    }
	    // Returns the ASN.1 object's value as an OID string. Throws an error if the
	    // object is not an OID.
	    toOID() {
	        if (!this.tag.isOID()) {
	            throw new error_1.ASN1TypeError('not an OID');
	        }
	        return (0, parse_1.parseOID)(this.value);
	    }
	    // Returns the ASN.1 object's value as a Date. Throws an error if the object
	    // is not either a UTCTime or a GeneralizedTime.
	    toDate() {
	        switch (true) {
	            case this.tag.isUTCTime():
	                return (0, parse_1.parseTime)(this.value, true);
	            case this.tag.isGeneralizedTime():
	                return (0, parse_1.parseTime)(this.value, false);
	            default:
	                throw new error_1.ASN1TypeError('not a date');
	        }
	    }
	    // Returns the ASN.1 object's value as a number[] where each number is the
	    // value of a bit in the bit string. Throws an error if the object is not a
	    // bit string.
	    toBitString() {
	        if (!this.tag.isBitString()) {
	            throw new error_1.ASN1TypeError('not a bit string');
	        }
	        return (0, parse_1.parseBitString)(this.value);
	    }
	}
	obj.ASN1Obj = ASN1Obj;
	/////////////////////////////////////////////////////////////////////////////
	// Internal stream parsing functions
	// Maximum nesting depth for parsed ASN.1 objects. Bounds the mutual recursion
	// between parseStream and collectSubs so that deeply nested DER cannot exhaust
	// the call stack (denial of service).
	const MAX_DEPTH = 100;
	function parseStream(stream, depth = 0) {
	    if (depth > MAX_DEPTH) {
	        throw new error_1.ASN1ParseError('maximum nesting depth exceeded');
	    }
	    // Parse tag, length, and value from stream
	    const tag = new tag_1.ASN1Tag(stream.getUint8());
	    const len = (0, length_1.decodeLength)(stream);
	    const value = stream.slice(stream.position, len);
	    const start = stream.position;
	    let subs = [];
	    // If the object is constructed, parse its children. Sometimes, children
	    // are embedded in OCTESTRING objects, so we need to check those
	    // for children as well.
	    if (tag.constructed) {
	        subs = collectSubs(stream, len, depth);
	    }
	    else if (tag.isOctetString()) {
	        // Attempt to parse children of OCTETSTRING objects. If anything fails,
	        // assume the object is not constructed and treat as primitive. This is
	        // intentional: it transparently unwraps DER content embedded in an OCTET
	        // STRING (e.g. X.509 extnValue, CMS eContent). The error is swallowed
	        // because a parse failure simply means the bytes are an opaque primitive
	        // value rather than a nested structure.
	        try {
	            subs = collectSubs(stream, len, depth);
	        }
	        catch (e) {
	            // Fail silently and treat as primitive
	        }
	    }
	    // If there are no children, move stream cursor to the end of the object
	    if (subs.length === 0) {
	        stream.seek(start + len);
	    }
	    return new ASN1Obj(tag, value, subs);
	}
	function collectSubs(stream, len, depth) {
	    // Calculate end of object content
	    const end = stream.position + len;
	    // Make sure there are enough bytes left in the stream. This should never
	    // happen, cause it'll get caught when the stream is sliced in parseStream.
	    // Leaving as an extra check just in case.
	    /* istanbul ignore if */
	    if (end > stream.length) {
	        throw new error_1.ASN1ParseError('invalid length');
	    }
	    // Parse all children
	    const subs = [];
	    while (stream.position < end) {
	        subs.push(parseStream(stream, depth + 1));
	    }
	    // When we're done parsing children, we should be at the end of the object
	    if (stream.position !== end) {
	        throw new error_1.ASN1ParseError('invalid length');
	    }
	    return subs;
	}
	return obj;
}

var hasRequiredAsn1;

function requireAsn1 () {
	if (hasRequiredAsn1) return asn1;
	hasRequiredAsn1 = 1;
	(function (exports) {
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.ASN1Obj = void 0;
		/*
		Copyright 2023 The Sigstore Authors.

		Licensed under the Apache License, Version 2.0 (the "License");
		you may not use this file except in compliance with the License.
		You may obtain a copy of the License at

		    http://www.apache.org/licenses/LICENSE-2.0

		Unless required by applicable law or agreed to in writing, software
		distributed under the License is distributed on an "AS IS" BASIS,
		WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
		See the License for the specific language governing permissions and
		limitations under the License.
		*/
		var obj_1 = requireObj();
		Object.defineProperty(exports, "ASN1Obj", { enumerable: true, get: function () { return obj_1.ASN1Obj; } }); 
	} (asn1));
	return asn1;
}

var crypto = {};

var hasRequiredCrypto;

function requireCrypto () {
	if (hasRequiredCrypto) return crypto;
	hasRequiredCrypto = 1;
	var __importDefault = (crypto && crypto.__importDefault) || function (mod) {
	    return (mod && mod.__esModule) ? mod : { "default": mod };
	};
	Object.defineProperty(crypto, "__esModule", { value: true });
	crypto.createPublicKey = createPublicKey;
	crypto.digest = digest;
	crypto.verify = verify;
	crypto.bufferEqual = bufferEqual;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const crypto_1 = __importDefault(require$$0__default);
	function createPublicKey(key, type = 'spki') {
	    if (typeof key === 'string') {
	        if (key.startsWith('-----')) {
	            return crypto_1.default.createPublicKey(key);
	        }
	        else {
	            return crypto_1.default.createPublicKey({
	                key: Buffer.from(key, 'base64'),
	                format: 'der',
	                type: type,
	            });
	        }
	    }
	    else {
	        return crypto_1.default.createPublicKey({ key, format: 'der', type: type });
	    }
	}
	function digest(algorithm, ...data) {
	    const hash = crypto_1.default.createHash(algorithm);
	    for (const d of data) {
	        hash.update(d);
	    }
	    return hash.digest();
	}
	function verify(data, key, signature, algorithm) {
	    // The try/catch is to work around an issue in Node 14.x where verify throws
	    // an error in some scenarios if the signature is invalid.
	    try {
	        return crypto_1.default.verify(algorithm, data, key, signature);
	    }
	    catch (e) {
	        /* istanbul ignore next */
	        return false;
	    }
	}
	function bufferEqual(a, b) {
	    try {
	        return crypto_1.default.timingSafeEqual(a, b);
	    }
	    catch {
	        /* istanbul ignore next */
	        return false;
	    }
	}
	return crypto;
}

var dsse$1 = {};

var hasRequiredDsse$1;

function requireDsse$1 () {
	if (hasRequiredDsse$1) return dsse$1;
	hasRequiredDsse$1 = 1;
	Object.defineProperty(dsse$1, "__esModule", { value: true });
	dsse$1.preAuthEncoding = preAuthEncoding;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const PAE_PREFIX = 'DSSEv1';
	// DSSE Pre-Authentication Encoding
	function preAuthEncoding(payloadType, payload) {
	    const typeBytes = Buffer.from(payloadType, 'utf-8');
	    return Buffer.concat([
	        Buffer.from(`${PAE_PREFIX} ${typeBytes.length} `, 'ascii'),
	        typeBytes,
	        Buffer.from(` ${payload.length} `, 'ascii'),
	        payload,
	    ]);
	}
	return dsse$1;
}

var encoding = {};

var hasRequiredEncoding;

function requireEncoding () {
	if (hasRequiredEncoding) return encoding;
	hasRequiredEncoding = 1;
	Object.defineProperty(encoding, "__esModule", { value: true });
	encoding.base64Encode = base64Encode;
	encoding.base64Decode = base64Decode;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const BASE64_ENCODING = 'base64';
	const UTF8_ENCODING = 'utf-8';
	function base64Encode(str) {
	    return Buffer.from(str, UTF8_ENCODING).toString(BASE64_ENCODING);
	}
	function base64Decode(str) {
	    return Buffer.from(str, BASE64_ENCODING).toString(UTF8_ENCODING);
	}
	return encoding;
}

var json = {};

var hasRequiredJson;

function requireJson () {
	if (hasRequiredJson) return json;
	hasRequiredJson = 1;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	Object.defineProperty(json, "__esModule", { value: true });
	json.canonicalize = canonicalize;
	// JSON canonicalization per https://github.com/cyberphone/json-canonicalization
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	function canonicalize(object) {
	    let buffer = '';
	    if (object === null || typeof object !== 'object' || object.toJSON != null) {
	        // Primitives or toJSONable objects
	        buffer += JSON.stringify(object);
	    }
	    else if (Array.isArray(object)) {
	        // Array - maintain element order
	        buffer += '[';
	        let first = true;
	        object.forEach((element) => {
	            if (!first) {
	                buffer += ',';
	            }
	            first = false;
	            // recursive call
	            buffer += canonicalize(element);
	        });
	        buffer += ']';
	    }
	    else {
	        // Object - Sort properties before serializing
	        buffer += '{';
	        let first = true;
	        Object.keys(object)
	            .sort()
	            .forEach((property) => {
	            if (!first) {
	                buffer += ',';
	            }
	            first = false;
	            buffer += JSON.stringify(property);
	            buffer += ':';
	            // recursive call
	            buffer += canonicalize(object[property]);
	        });
	        buffer += '}';
	    }
	    return buffer;
	}
	return json;
}

var pem = {};

var hasRequiredPem;

function requirePem () {
	if (hasRequiredPem) return pem;
	hasRequiredPem = 1;
	Object.defineProperty(pem, "__esModule", { value: true });
	pem.toDER = toDER;
	pem.fromDER = fromDER;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const PEM_HEADER = /-----BEGIN (.*)-----/;
	const PEM_FOOTER = /-----END (.*)-----/;
	function toDER(certificate) {
	    let der = '';
	    certificate.split('\n').forEach((line) => {
	        if (line.match(PEM_HEADER) || line.match(PEM_FOOTER)) {
	            return;
	        }
	        der += line;
	    });
	    return Buffer.from(der, 'base64');
	}
	// Translates a DER-encoded buffer into a PEM-encoded string. Standard PEM
	// encoding dictates that each certificate should have a trailing newline after
	// the footer.
	function fromDER(certificate, type = 'CERTIFICATE') {
	    // Base64-encode the certificate.
	    const der = certificate.toString('base64');
	    // Split the certificate into lines of 64 characters.
	    const lines = der.match(/.{1,64}/g) || '';
	    return [`-----BEGIN ${type}-----`, ...lines, `-----END ${type}-----`]
	        .join('\n')
	        .concat('\n');
	}
	return pem;
}

var rfc3161 = {};

var timestamp$1 = {};

var oid = {};

var hasRequiredOid;

function requireOid () {
	if (hasRequiredOid) return oid;
	hasRequiredOid = 1;
	Object.defineProperty(oid, "__esModule", { value: true });
	oid.SHA2_HASH_ALGOS = oid.RSA_SIGNATURE_ALGOS = oid.ECDSA_SIGNATURE_ALGOS = void 0;
	oid.ECDSA_SIGNATURE_ALGOS = {
	    '1.2.840.10045.4.3.1': 'sha224',
	    '1.2.840.10045.4.3.2': 'sha256',
	    '1.2.840.10045.4.3.3': 'sha384',
	    '1.2.840.10045.4.3.4': 'sha512',
	};
	oid.RSA_SIGNATURE_ALGOS = {
	    '1.2.840.113549.1.1.14': 'sha224',
	    '1.2.840.113549.1.1.11': 'sha256',
	    '1.2.840.113549.1.1.12': 'sha384',
	    '1.2.840.113549.1.1.13': 'sha512',
	};
	oid.SHA2_HASH_ALGOS = {
	    '2.16.840.1.101.3.4.2.1': 'sha256',
	    '2.16.840.1.101.3.4.2.2': 'sha384',
	    '2.16.840.1.101.3.4.2.3': 'sha512',
	};
	return oid;
}

var error$1 = {};

var hasRequiredError$1;

function requireError$1 () {
	if (hasRequiredError$1) return error$1;
	hasRequiredError$1 = 1;
	Object.defineProperty(error$1, "__esModule", { value: true });
	error$1.RFC3161TimestampVerificationError = void 0;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	class RFC3161TimestampVerificationError extends Error {
	}
	error$1.RFC3161TimestampVerificationError = RFC3161TimestampVerificationError;
	return error$1;
}

var tstinfo = {};

var hasRequiredTstinfo;

function requireTstinfo () {
	if (hasRequiredTstinfo) return tstinfo;
	hasRequiredTstinfo = 1;
	var __createBinding = (tstinfo && tstinfo.__createBinding) || (Object.create ? (function(o, m, k, k2) {
	    if (k2 === undefined) k2 = k;
	    var desc = Object.getOwnPropertyDescriptor(m, k);
	    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
	      desc = { enumerable: true, get: function() { return m[k]; } };
	    }
	    Object.defineProperty(o, k2, desc);
	}) : (function(o, m, k, k2) {
	    if (k2 === undefined) k2 = k;
	    o[k2] = m[k];
	}));
	var __setModuleDefault = (tstinfo && tstinfo.__setModuleDefault) || (Object.create ? (function(o, v) {
	    Object.defineProperty(o, "default", { enumerable: true, value: v });
	}) : function(o, v) {
	    o["default"] = v;
	});
	var __importStar = (tstinfo && tstinfo.__importStar) || (function () {
	    var ownKeys = function(o) {
	        ownKeys = Object.getOwnPropertyNames || function (o) {
	            var ar = [];
	            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
	            return ar;
	        };
	        return ownKeys(o);
	    };
	    return function (mod) {
	        if (mod && mod.__esModule) return mod;
	        var result = {};
	        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
	        __setModuleDefault(result, mod);
	        return result;
	    };
	})();
	Object.defineProperty(tstinfo, "__esModule", { value: true });
	tstinfo.TSTInfo = void 0;
	const crypto = __importStar(requireCrypto());
	const oid_1 = requireOid();
	const error_1 = requireError$1();
	class TSTInfo {
	    root;
	    constructor(asn1) {
	        this.root = asn1;
	    }
	    get version() {
	        return this.root.subs[0].toInteger();
	    }
	    get genTime() {
	        return this.root.subs[4].toDate();
	    }
	    get messageImprintHashAlgorithm() {
	        const oid = this.messageImprintObj.subs[0].subs[0].toOID();
	        return oid_1.SHA2_HASH_ALGOS[oid];
	    }
	    get messageImprintHashedMessage() {
	        return this.messageImprintObj.subs[1].value;
	    }
	    get raw() {
	        return this.root.toDER();
	    }
	    verify(data) {
	        const digest = crypto.digest(this.messageImprintHashAlgorithm, data);
	        if (!crypto.bufferEqual(digest, this.messageImprintHashedMessage)) {
	            throw new error_1.RFC3161TimestampVerificationError('message imprint does not match artifact');
	        }
	    }
	    // https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
	    get messageImprintObj() {
	        return this.root.subs[2];
	    }
	}
	tstinfo.TSTInfo = TSTInfo;
	return tstinfo;
}

var hasRequiredTimestamp$1;

function requireTimestamp$1 () {
	if (hasRequiredTimestamp$1) return timestamp$1;
	hasRequiredTimestamp$1 = 1;
	var __createBinding = (timestamp$1 && timestamp$1.__createBinding) || (Object.create ? (function(o, m, k, k2) {
	    if (k2 === undefined) k2 = k;
	    var desc = Object.getOwnPropertyDescriptor(m, k);
	    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
	      desc = { enumerable: true, get: function() { return m[k]; } };
	    }
	    Object.defineProperty(o, k2, desc);
	}) : (function(o, m, k, k2) {
	    if (k2 === undefined) k2 = k;
	    o[k2] = m[k];
	}));
	var __setModuleDefault = (timestamp$1 && timestamp$1.__setModuleDefault) || (Object.create ? (function(o, v) {
	    Object.defineProperty(o, "default", { enumerable: true, value: v });
	}) : function(o, v) {
	    o["default"] = v;
	});
	var __importStar = (timestamp$1 && timestamp$1.__importStar) || (function () {
	    var ownKeys = function(o) {
	        ownKeys = Object.getOwnPropertyNames || function (o) {
	            var ar = [];
	            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
	            return ar;
	        };
	        return ownKeys(o);
	    };
	    return function (mod) {
	        if (mod && mod.__esModule) return mod;
	        var result = {};
	        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
	        __setModuleDefault(result, mod);
	        return result;
	    };
	})();
	Object.defineProperty(timestamp$1, "__esModule", { value: true });
	timestamp$1.RFC3161Timestamp = void 0;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const asn1_1 = requireAsn1();
	const crypto = __importStar(requireCrypto());
	const oid_1 = requireOid();
	const error_1 = requireError$1();
	const tstinfo_1 = requireTstinfo();
	const OID_PKCS9_CONTENT_TYPE_SIGNED_DATA = '1.2.840.113549.1.7.2';
	const OID_PKCS9_CONTENT_TYPE_TSTINFO = '1.2.840.113549.1.9.16.1.4';
	const OID_PKCS9_MESSAGE_DIGEST_KEY = '1.2.840.113549.1.9.4';
	class RFC3161Timestamp {
	    root;
	    constructor(asn1) {
	        this.root = asn1;
	    }
	    static parse(der) {
	        const asn1 = asn1_1.ASN1Obj.parseBuffer(der);
	        return new RFC3161Timestamp(asn1);
	    }
	    get status() {
	        return this.pkiStatusInfoObj.subs[0].toInteger();
	    }
	    get contentType() {
	        return this.contentTypeObj.toOID();
	    }
	    get eContentType() {
	        return this.eContentTypeObj.toOID();
	    }
	    get signingTime() {
	        return this.tstInfo.genTime;
	    }
	    get signerIssuer() {
	        return this.signerSidObj.subs[0].value;
	    }
	    get signerSerialNumber() {
	        return this.signerSidObj.subs[1].value;
	    }
	    get signerDigestAlgorithm() {
	        const oid = this.signerDigestAlgorithmObj.subs[0].toOID();
	        return oid_1.SHA2_HASH_ALGOS[oid];
	    }
	    get signatureAlgorithm() {
	        const oid = this.signatureAlgorithmObj.subs[0].toOID();
	        return oid_1.ECDSA_SIGNATURE_ALGOS[oid];
	    }
	    get signatureValue() {
	        return this.signatureValueObj.value;
	    }
	    get tstInfo() {
	        // Need to unpack tstInfo from an OCTET STRING
	        return new tstinfo_1.TSTInfo(this.eContentObj.subs[0].subs[0]);
	    }
	    verify(data, publicKey) {
	        if (!this.timeStampTokenObj) {
	            throw new error_1.RFC3161TimestampVerificationError('timeStampToken is missing');
	        }
	        // Check for expected ContentInfo content type
	        if (this.contentType !== OID_PKCS9_CONTENT_TYPE_SIGNED_DATA) {
	            throw new error_1.RFC3161TimestampVerificationError(`incorrect content type: ${this.contentType}`);
	        }
	        // Check for expected encapsulated content type
	        if (this.eContentType !== OID_PKCS9_CONTENT_TYPE_TSTINFO) {
	            throw new error_1.RFC3161TimestampVerificationError(`incorrect encapsulated content type: ${this.eContentType}`);
	        }
	        // Check that the tstInfo references the correct artifact
	        this.tstInfo.verify(data);
	        // Check that the signed message digest matches the tstInfo
	        this.verifyMessageDigest();
	        // Check that the signature is valid for the signed attributes
	        this.verifySignature(publicKey);
	    }
	    verifyMessageDigest() {
	        // Check that the tstInfo matches the signed data
	        const tstInfoDigest = crypto.digest(this.signerDigestAlgorithm, this.tstInfo.raw);
	        const expectedDigest = this.messageDigestAttributeObj.subs[1].subs[0].value;
	        if (!crypto.bufferEqual(tstInfoDigest, expectedDigest)) {
	            throw new error_1.RFC3161TimestampVerificationError('signed data does not match tstInfo');
	        }
	    }
	    verifySignature(key) {
	        // Encode the signed attributes for verification
	        const signedAttrs = this.signedAttrsObj.toDER();
	        signedAttrs[0] = 0x31; // Change context-specific tag to SET
	        // Check that the signature is valid for the signed attributes
	        const verified = crypto.verify(signedAttrs, key, this.signatureValue, this.signatureAlgorithm);
	        if (!verified) {
	            throw new error_1.RFC3161TimestampVerificationError('signature verification failed');
	        }
	    }
	    // https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
	    get pkiStatusInfoObj() {
	        // pkiStatusInfo is the first element of the timestamp response sequence
	        return this.root.subs[0];
	    }
	    // https://www.rfc-editor.org/rfc/rfc3161#section-2.4.2
	    get timeStampTokenObj() {
	        // timeStampToken is the first element of the timestamp response sequence
	        return this.root.subs[1];
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-3
	    get contentTypeObj() {
	        return this.timeStampTokenObj.subs[0];
	    }
	    // https://www.rfc-editor.org/rfc/rfc5652#section-3
	    get signedDataObj() {
	        const obj = this.timeStampTokenObj.subs.find((sub) => sub.tag.isContextSpecific(0x00));
	        return obj.subs[0];
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-5.1
	    get encapContentInfoObj() {
	        return this.signedDataObj.subs[2];
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-5.1
	    get signerInfosObj() {
	        // SignerInfos is the last element of the signed data sequence
	        const sd = this.signedDataObj;
	        return sd.subs[sd.subs.length - 1];
	    }
	    // https://www.rfc-editor.org/rfc/rfc5652#section-5.1
	    get signerInfoObj() {
	        // Only supporting one signer
	        return this.signerInfosObj.subs[0];
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-5.2
	    get eContentTypeObj() {
	        return this.encapContentInfoObj.subs[0];
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-5.2
	    get eContentObj() {
	        return this.encapContentInfoObj.subs[1];
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-5.3
	    get signedAttrsObj() {
	        const signedAttrs = this.signerInfoObj.subs.find((sub) => sub.tag.isContextSpecific(0x00));
	        return signedAttrs;
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-5.3
	    get messageDigestAttributeObj() {
	        const messageDigest = this.signedAttrsObj.subs.find((sub) => sub.subs[0].tag.isOID() &&
	            sub.subs[0].toOID() === OID_PKCS9_MESSAGE_DIGEST_KEY);
	        return messageDigest;
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-5.3
	    get signerSidObj() {
	        return this.signerInfoObj.subs[1];
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-5.3
	    get signerDigestAlgorithmObj() {
	        // Signature is the 2nd element of the signerInfoObj object
	        return this.signerInfoObj.subs[2];
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-5.3
	    get signatureAlgorithmObj() {
	        // Signature is the 4th element of the signerInfoObj object
	        return this.signerInfoObj.subs[4];
	    }
	    // https://datatracker.ietf.org/doc/html/rfc5652#section-5.3
	    get signatureValueObj() {
	        // Signature is the 6th element of the signerInfoObj object
	        return this.signerInfoObj.subs[5];
	    }
	}
	timestamp$1.RFC3161Timestamp = RFC3161Timestamp;
	return timestamp$1;
}

var hasRequiredRfc3161;

function requireRfc3161 () {
	if (hasRequiredRfc3161) return rfc3161;
	hasRequiredRfc3161 = 1;
	(function (exports) {
		/*
		Copyright 2023 The Sigstore Authors.

		Licensed under the Apache License, Version 2.0 (the "License");
		you may not use this file except in compliance with the License.
		You may obtain a copy of the License at

		    http://www.apache.org/licenses/LICENSE-2.0

		Unless required by applicable law or agreed to in writing, software
		distributed under the License is distributed on an "AS IS" BASIS,
		WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
		See the License for the specific language governing permissions and
		limitations under the License.
		*/
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.RFC3161Timestamp = void 0;
		var timestamp_1 = requireTimestamp$1();
		Object.defineProperty(exports, "RFC3161Timestamp", { enumerable: true, get: function () { return timestamp_1.RFC3161Timestamp; } }); 
	} (rfc3161));
	return rfc3161;
}

var x509 = {};

var cert = {};

var ext = {};

var sct = {};

var hasRequiredSct;

function requireSct () {
	if (hasRequiredSct) return sct;
	hasRequiredSct = 1;
	var __createBinding = (sct && sct.__createBinding) || (Object.create ? (function(o, m, k, k2) {
	    if (k2 === undefined) k2 = k;
	    var desc = Object.getOwnPropertyDescriptor(m, k);
	    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
	      desc = { enumerable: true, get: function() { return m[k]; } };
	    }
	    Object.defineProperty(o, k2, desc);
	}) : (function(o, m, k, k2) {
	    if (k2 === undefined) k2 = k;
	    o[k2] = m[k];
	}));
	var __setModuleDefault = (sct && sct.__setModuleDefault) || (Object.create ? (function(o, v) {
	    Object.defineProperty(o, "default", { enumerable: true, value: v });
	}) : function(o, v) {
	    o["default"] = v;
	});
	var __importStar = (sct && sct.__importStar) || (function () {
	    var ownKeys = function(o) {
	        ownKeys = Object.getOwnPropertyNames || function (o) {
	            var ar = [];
	            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
	            return ar;
	        };
	        return ownKeys(o);
	    };
	    return function (mod) {
	        if (mod && mod.__esModule) return mod;
	        var result = {};
	        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
	        __setModuleDefault(result, mod);
	        return result;
	    };
	})();
	Object.defineProperty(sct, "__esModule", { value: true });
	sct.SignedCertificateTimestamp = void 0;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const crypto = __importStar(requireCrypto());
	const stream_1 = requireStream();
	class SignedCertificateTimestamp {
	    version;
	    logID;
	    timestamp;
	    extensions;
	    hashAlgorithm;
	    signatureAlgorithm;
	    signature;
	    constructor(options) {
	        this.version = options.version;
	        this.logID = options.logID;
	        this.timestamp = options.timestamp;
	        this.extensions = options.extensions;
	        this.hashAlgorithm = options.hashAlgorithm;
	        this.signatureAlgorithm = options.signatureAlgorithm;
	        this.signature = options.signature;
	    }
	    get datetime() {
	        return new Date(Number(this.timestamp.readBigInt64BE()));
	    }
	    // Returns the hash algorithm used to generate the SCT's signature.
	    // https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.4.1
	    get algorithm() {
	        switch (this.hashAlgorithm) {
	            /* istanbul ignore next */
	            case 0:
	                return 'none';
	            /* istanbul ignore next */
	            case 1:
	                return 'md5';
	            /* istanbul ignore next */
	            case 2:
	                return 'sha1';
	            /* istanbul ignore next */
	            case 3:
	                return 'sha224';
	            case 4:
	                return 'sha256';
	            /* istanbul ignore next */
	            case 5:
	                return 'sha384';
	            /* istanbul ignore next */
	            case 6:
	                return 'sha512';
	            /* istanbul ignore next */
	            default:
	                return 'unknown';
	        }
	    }
	    verify(preCert, key) {
	        // Assemble the digitally-signed struct (the data over which the signature
	        // was generated).
	        // https://www.rfc-editor.org/rfc/rfc6962#section-3.2
	        const stream = new stream_1.ByteStream();
	        stream.appendChar(this.version);
	        stream.appendChar(0x00); // SignatureType = certificate_timestamp(0)
	        stream.appendView(this.timestamp);
	        stream.appendUint16(0x01); // LogEntryType = precert_entry(1)
	        stream.appendView(preCert);
	        stream.appendUint16(this.extensions.byteLength);
	        /* istanbul ignore next - extensions are very uncommon */
	        if (this.extensions.byteLength > 0) {
	            stream.appendView(this.extensions);
	        }
	        return crypto.verify(stream.buffer, key, this.signature, this.algorithm);
	    }
	    // Parses a SignedCertificateTimestamp from a buffer. SCTs are encoded using
	    // TLS encoding which means the fields and lengths of most fields are
	    // specified as part of the SCT and TLS specs.
	    // https://www.rfc-editor.org/rfc/rfc6962#section-3.2
	    // https://www.rfc-editor.org/rfc/rfc5246#section-7.4.1.4.1
	    static parse(buf) {
	        const stream = new stream_1.ByteStream(buf);
	        // Version - enum { v1(0), (255) }
	        const version = stream.getUint8();
	        // Log ID  - struct { opaque key_id[32]; }
	        const logID = stream.getBlock(32);
	        // Timestamp - uint64
	        const timestamp = stream.getBlock(8);
	        // Extensions - opaque extensions<0..2^16-1>;
	        const extenstionLength = stream.getUint16();
	        const extensions = stream.getBlock(extenstionLength);
	        // Hash algo - enum { sha256(4), . . . (255) }
	        const hashAlgorithm = stream.getUint8();
	        // Signature algo - enum { anonymous(0), rsa(1), dsa(2), ecdsa(3), (255) }
	        const signatureAlgorithm = stream.getUint8();
	        // Signature  - opaque signature<0..2^16-1>;
	        const sigLength = stream.getUint16();
	        const signature = stream.getBlock(sigLength);
	        // Check that we read the entire buffer
	        if (stream.position !== buf.length) {
	            throw new Error('SCT buffer length mismatch');
	        }
	        return new SignedCertificateTimestamp({
	            version,
	            logID,
	            timestamp,
	            extensions,
	            hashAlgorithm,
	            signatureAlgorithm,
	            signature,
	        });
	    }
	}
	sct.SignedCertificateTimestamp = SignedCertificateTimestamp;
	return sct;
}

var hasRequiredExt;

function requireExt () {
	if (hasRequiredExt) return ext;
	hasRequiredExt = 1;
	Object.defineProperty(ext, "__esModule", { value: true });
	ext.X509SCTExtension = ext.X509SubjectKeyIDExtension = ext.X509AuthorityKeyIDExtension = ext.X509SubjectAlternativeNameExtension = ext.X509KeyUsageExtension = ext.X509BasicConstraintsExtension = ext.X509Extension = void 0;
	const stream_1 = requireStream();
	const sct_1 = requireSct();
	// https://www.rfc-editor.org/rfc/rfc5280#section-4.1
	class X509Extension {
	    root;
	    constructor(asn1) {
	        this.root = asn1;
	    }
	    get oid() {
	        return this.root.subs[0].toOID();
	    }
	    get critical() {
	        // The critical field is optional and will be the second element of the
	        // extension sequence if present. Default to false if not present.
	        return this.root.subs.length === 3 ? this.root.subs[1].toBoolean() : false;
	    }
	    get value() {
	        return this.extnValueObj.value;
	    }
	    get valueObj() {
	        return this.extnValueObj;
	    }
	    get extnValueObj() {
	        // The extnValue field will be the last element of the extension sequence
	        return this.root.subs[this.root.subs.length - 1];
	    }
	}
	ext.X509Extension = X509Extension;
	// https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.9
	class X509BasicConstraintsExtension extends X509Extension {
	    get isCA() {
	        return this.sequence.subs[0]?.toBoolean() ?? false;
	    }
	    get pathLenConstraint() {
	        return this.sequence.subs.length > 1
	            ? this.sequence.subs[1].toInteger()
	            : undefined;
	    }
	    // The extnValue field contains a single sequence wrapping the isCA and
	    // pathLenConstraint.
	    get sequence() {
	        return this.extnValueObj.subs[0];
	    }
	}
	ext.X509BasicConstraintsExtension = X509BasicConstraintsExtension;
	// https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.3
	class X509KeyUsageExtension extends X509Extension {
	    get digitalSignature() {
	        return this.bitString[0] === 1;
	    }
	    get keyCertSign() {
	        return this.bitString[5] === 1;
	    }
	    get crlSign() {
	        return this.bitString[6] === 1;
	    }
	    // The extnValue field contains a single bit string which is a bit mask
	    // indicating which key usages are enabled.
	    get bitString() {
	        return this.extnValueObj.subs[0].toBitString();
	    }
	}
	ext.X509KeyUsageExtension = X509KeyUsageExtension;
	// https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.6
	class X509SubjectAlternativeNameExtension extends X509Extension {
	    get rfc822Name() {
	        return this.findGeneralName(0x01)?.value.toString('ascii');
	    }
	    get uri() {
	        return this.findGeneralName(0x06)?.value.toString('ascii');
	    }
	    // Retrieve the value of an otherName with the given OID.
	    otherName(oid) {
	        const otherName = this.findGeneralName(0x00);
	        if (otherName === undefined) {
	            return undefined;
	        }
	        // The otherName is a sequence containing an OID and a value.
	        // Need to check that the OID matches the one we're looking for.
	        const otherNameOID = otherName.subs[0].toOID();
	        if (otherNameOID !== oid) {
	            return undefined;
	        }
	        // The otherNameValue is a sequence containing the actual value.
	        const otherNameValue = otherName.subs[1];
	        return otherNameValue.subs[0].value.toString('ascii');
	    }
	    findGeneralName(tag) {
	        return this.generalNames.find((gn) => gn.tag.isContextSpecific(tag));
	    }
	    // The extnValue field contains a sequence of GeneralNames.
	    get generalNames() {
	        return this.extnValueObj.subs[0].subs;
	    }
	}
	ext.X509SubjectAlternativeNameExtension = X509SubjectAlternativeNameExtension;
	// https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.1
	class X509AuthorityKeyIDExtension extends X509Extension {
	    get keyIdentifier() {
	        return this.findSequenceMember(0x00)?.value;
	    }
	    findSequenceMember(tag) {
	        return this.sequence.subs.find((el) => el.tag.isContextSpecific(tag));
	    }
	    // The extnValue field contains a single sequence wrapping the keyIdentifier
	    get sequence() {
	        return this.extnValueObj.subs[0];
	    }
	}
	ext.X509AuthorityKeyIDExtension = X509AuthorityKeyIDExtension;
	// https://www.rfc-editor.org/rfc/rfc5280#section-4.2.1.2
	class X509SubjectKeyIDExtension extends X509Extension {
	    get keyIdentifier() {
	        return this.extnValueObj.subs[0].value;
	    }
	}
	ext.X509SubjectKeyIDExtension = X509SubjectKeyIDExtension;
	// https://www.rfc-editor.org/rfc/rfc6962#section-3.3
	class X509SCTExtension extends X509Extension {
	    constructor(asn1) {
	        super(asn1);
	    }
	    get signedCertificateTimestamps() {
	        const buf = this.extnValueObj.subs[0].value;
	        const stream = new stream_1.ByteStream(buf);
	        // The overall list length is encoded in the first two bytes -- note this
	        // is the length of the list in bytes, NOT the number of SCTs in the list
	        const end = stream.getUint16() + 2;
	        const sctList = [];
	        while (stream.position < end) {
	            // Read the length of the next SCT
	            const sctLength = stream.getUint16();
	            // Slice out the bytes for the next SCT and parse it
	            const sct = stream.getBlock(sctLength);
	            sctList.push(sct_1.SignedCertificateTimestamp.parse(sct));
	        }
	        if (stream.position !== end) {
	            throw new Error('SCT list length does not match actual length');
	        }
	        return sctList;
	    }
	}
	ext.X509SCTExtension = X509SCTExtension;
	return ext;
}

var hasRequiredCert;

function requireCert () {
	if (hasRequiredCert) return cert;
	hasRequiredCert = 1;
	(function (exports) {
		var __createBinding = (cert && cert.__createBinding) || (Object.create ? (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    var desc = Object.getOwnPropertyDescriptor(m, k);
		    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
		      desc = { enumerable: true, get: function() { return m[k]; } };
		    }
		    Object.defineProperty(o, k2, desc);
		}) : (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    o[k2] = m[k];
		}));
		var __setModuleDefault = (cert && cert.__setModuleDefault) || (Object.create ? (function(o, v) {
		    Object.defineProperty(o, "default", { enumerable: true, value: v });
		}) : function(o, v) {
		    o["default"] = v;
		});
		var __importStar = (cert && cert.__importStar) || (function () {
		    var ownKeys = function(o) {
		        ownKeys = Object.getOwnPropertyNames || function (o) {
		            var ar = [];
		            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
		            return ar;
		        };
		        return ownKeys(o);
		    };
		    return function (mod) {
		        if (mod && mod.__esModule) return mod;
		        var result = {};
		        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
		        __setModuleDefault(result, mod);
		        return result;
		    };
		})();
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.X509Certificate = exports.EXTENSION_OID_SCT = void 0;
		/*
		Copyright 2023 The Sigstore Authors.

		Licensed under the Apache License, Version 2.0 (the "License");
		you may not use this file except in compliance with the License.
		You may obtain a copy of the License at

		    http://www.apache.org/licenses/LICENSE-2.0

		Unless required by applicable law or agreed to in writing, software
		distributed under the License is distributed on an "AS IS" BASIS,
		WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
		See the License for the specific language governing permissions and
		limitations under the License.
		*/
		const asn1_1 = requireAsn1();
		const crypto = __importStar(requireCrypto());
		const oid_1 = requireOid();
		const pem = __importStar(requirePem());
		const ext_1 = requireExt();
		const EXTENSION_OID_SUBJECT_KEY_ID = '2.5.29.14';
		const EXTENSION_OID_KEY_USAGE = '2.5.29.15';
		const EXTENSION_OID_SUBJECT_ALT_NAME = '2.5.29.17';
		const EXTENSION_OID_BASIC_CONSTRAINTS = '2.5.29.19';
		const EXTENSION_OID_AUTHORITY_KEY_ID = '2.5.29.35';
		exports.EXTENSION_OID_SCT = '1.3.6.1.4.1.11129.2.4.2';
		class X509Certificate {
		    root;
		    constructor(asn1) {
		        this.root = asn1;
		    }
		    static parse(cert) {
		        const der = typeof cert === 'string' ? pem.toDER(cert) : cert;
		        const asn1 = asn1_1.ASN1Obj.parseBuffer(der);
		        return new X509Certificate(asn1);
		    }
		    get tbsCertificate() {
		        return this.tbsCertificateObj;
		    }
		    get version() {
		        // version number is the first element of the version context specific tag
		        const ver = this.versionObj.subs[0].toInteger();
		        return `v${(ver + BigInt(1)).toString()}`;
		    }
		    get serialNumber() {
		        return this.serialNumberObj.value;
		    }
		    get notBefore() {
		        // notBefore is the first element of the validity sequence
		        return this.validityObj.subs[0].toDate();
		    }
		    get notAfter() {
		        // notAfter is the second element of the validity sequence
		        return this.validityObj.subs[1].toDate();
		    }
		    get issuer() {
		        return this.issuerObj.value;
		    }
		    get subject() {
		        return this.subjectObj.value;
		    }
		    get publicKey() {
		        return this.subjectPublicKeyInfoObj.toDER();
		    }
		    get signatureAlgorithm() {
		        const oid = this.signatureAlgorithmObj.subs[0].toOID();
		        if (oid_1.RSA_SIGNATURE_ALGOS[oid]) {
		            return oid_1.RSA_SIGNATURE_ALGOS[oid];
		        }
		        return oid_1.ECDSA_SIGNATURE_ALGOS[oid];
		    }
		    get signatureValue() {
		        // Signature value is a bit string, so we need to skip the first byte
		        return this.signatureValueObj.value.subarray(1);
		    }
		    get subjectAltName() {
		        const ext = this.extSubjectAltName;
		        return ext?.uri || /* istanbul ignore next */ ext?.rfc822Name;
		    }
		    get extensions() {
		        // The extension list is the first (and only) element of the extensions
		        // context specific tag
		        /* istanbul ignore next */
		        const extSeq = this.extensionsObj?.subs[0];
		        /* istanbul ignore next */
		        return extSeq?.subs || [];
		    }
		    get extKeyUsage() {
		        const ext = this.findExtension(EXTENSION_OID_KEY_USAGE);
		        return ext ? new ext_1.X509KeyUsageExtension(ext) : undefined;
		    }
		    get extBasicConstraints() {
		        const ext = this.findExtension(EXTENSION_OID_BASIC_CONSTRAINTS);
		        return ext ? new ext_1.X509BasicConstraintsExtension(ext) : undefined;
		    }
		    get extSubjectAltName() {
		        const ext = this.findExtension(EXTENSION_OID_SUBJECT_ALT_NAME);
		        return ext ? new ext_1.X509SubjectAlternativeNameExtension(ext) : undefined;
		    }
		    get extAuthorityKeyID() {
		        const ext = this.findExtension(EXTENSION_OID_AUTHORITY_KEY_ID);
		        return ext ? new ext_1.X509AuthorityKeyIDExtension(ext) : undefined;
		    }
		    get extSubjectKeyID() {
		        const ext = this.findExtension(EXTENSION_OID_SUBJECT_KEY_ID);
		        return ext
		            ? new ext_1.X509SubjectKeyIDExtension(ext)
		            : /* istanbul ignore next */ undefined;
		    }
		    get extSCT() {
		        const ext = this.findExtension(exports.EXTENSION_OID_SCT);
		        return ext ? new ext_1.X509SCTExtension(ext) : undefined;
		    }
		    get isCA() {
		        const ca = this.extBasicConstraints?.isCA || false;
		        // If the KeyUsage extension is present, keyCertSign must be set
		        /* istanbul ignore else */
		        if (this.extKeyUsage) {
		            return ca && this.extKeyUsage.keyCertSign;
		        }
		        // TODO: test coverage for this case
		        /* istanbul ignore next */
		        return ca;
		    }
		    extension(oid) {
		        const ext = this.findExtension(oid);
		        return ext ? new ext_1.X509Extension(ext) : undefined;
		    }
		    verify(issuerCertificate) {
		        // Use the issuer's public key if provided, otherwise use the subject's
		        const publicKey = issuerCertificate?.publicKey || this.publicKey;
		        const key = crypto.createPublicKey(publicKey);
		        return crypto.verify(this.tbsCertificate.toDER(), key, this.signatureValue, this.signatureAlgorithm);
		    }
		    validForDate(date) {
		        return this.notBefore <= date && date <= this.notAfter;
		    }
		    equals(other) {
		        return this.root.toDER().equals(other.root.toDER());
		    }
		    // Creates a copy of the certificate with a new buffer
		    clone() {
		        const der = this.root.toDER();
		        const clone = Buffer.alloc(der.length);
		        der.copy(clone);
		        return X509Certificate.parse(clone);
		    }
		    findExtension(oid) {
		        // Find the extension with the given OID. The OID will always be the first
		        // element of the extension sequence
		        return this.extensions.find((ext) => ext.subs[0].toOID() === oid);
		    }
		    /////////////////////////////////////////////////////////////////////////////
		    // The following properties use the documented x509 structure to locate the
		    // desired ASN.1 object
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.1
		    get tbsCertificateObj() {
		        // tbsCertificate is the first element of the certificate sequence
		        return this.root.subs[0];
		    }
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.2
		    get signatureAlgorithmObj() {
		        // signatureAlgorithm is the second element of the certificate sequence
		        return this.root.subs[1];
		    }
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1.1.3
		    get signatureValueObj() {
		        // signatureValue is the third element of the certificate sequence
		        return this.root.subs[2];
		    }
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.1
		    get versionObj() {
		        // version is the first element of the tbsCertificate sequence
		        return this.tbsCertificateObj.subs[0];
		    }
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.2
		    get serialNumberObj() {
		        // serialNumber is the second element of the tbsCertificate sequence
		        return this.tbsCertificateObj.subs[1];
		    }
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.4
		    get issuerObj() {
		        // issuer is the fourth element of the tbsCertificate sequence
		        return this.tbsCertificateObj.subs[3];
		    }
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5
		    get validityObj() {
		        // version is the fifth element of the tbsCertificate sequence
		        return this.tbsCertificateObj.subs[4];
		    }
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.6
		    get subjectObj() {
		        // subject is the sixth element of the tbsCertificate sequence
		        return this.tbsCertificateObj.subs[5];
		    }
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.7
		    get subjectPublicKeyInfoObj() {
		        // subjectPublicKeyInfo is the seventh element of the tbsCertificate sequence
		        return this.tbsCertificateObj.subs[6];
		    }
		    // Extensions can't be located by index because their position varies. Instead,
		    // we need to find the extensions context specific tag
		    // https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.9
		    get extensionsObj() {
		        return this.tbsCertificateObj.subs.find((sub) => sub.tag.isContextSpecific(0x03));
		    }
		}
		exports.X509Certificate = X509Certificate; 
	} (cert));
	return cert;
}

var hasRequiredX509;

function requireX509 () {
	if (hasRequiredX509) return x509;
	hasRequiredX509 = 1;
	(function (exports) {
		/*
		Copyright 2023 The Sigstore Authors.

		Licensed under the Apache License, Version 2.0 (the "License");
		you may not use this file except in compliance with the License.
		You may obtain a copy of the License at

		    http://www.apache.org/licenses/LICENSE-2.0

		Unless required by applicable law or agreed to in writing, software
		distributed under the License is distributed on an "AS IS" BASIS,
		WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
		See the License for the specific language governing permissions and
		limitations under the License.
		*/
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.X509SCTExtension = exports.X509Certificate = exports.EXTENSION_OID_SCT = void 0;
		var cert_1 = requireCert();
		Object.defineProperty(exports, "EXTENSION_OID_SCT", { enumerable: true, get: function () { return cert_1.EXTENSION_OID_SCT; } });
		Object.defineProperty(exports, "X509Certificate", { enumerable: true, get: function () { return cert_1.X509Certificate; } });
		var ext_1 = requireExt();
		Object.defineProperty(exports, "X509SCTExtension", { enumerable: true, get: function () { return ext_1.X509SCTExtension; } }); 
	} (x509));
	return x509;
}

var hasRequiredDist$2;

function requireDist$2 () {
	if (hasRequiredDist$2) return dist$2;
	hasRequiredDist$2 = 1;
	(function (exports) {
		var __createBinding = (dist$2 && dist$2.__createBinding) || (Object.create ? (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    var desc = Object.getOwnPropertyDescriptor(m, k);
		    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
		      desc = { enumerable: true, get: function() { return m[k]; } };
		    }
		    Object.defineProperty(o, k2, desc);
		}) : (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    o[k2] = m[k];
		}));
		var __setModuleDefault = (dist$2 && dist$2.__setModuleDefault) || (Object.create ? (function(o, v) {
		    Object.defineProperty(o, "default", { enumerable: true, value: v });
		}) : function(o, v) {
		    o["default"] = v;
		});
		var __importStar = (dist$2 && dist$2.__importStar) || (function () {
		    var ownKeys = function(o) {
		        ownKeys = Object.getOwnPropertyNames || function (o) {
		            var ar = [];
		            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
		            return ar;
		        };
		        return ownKeys(o);
		    };
		    return function (mod) {
		        if (mod && mod.__esModule) return mod;
		        var result = {};
		        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
		        __setModuleDefault(result, mod);
		        return result;
		    };
		})();
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.X509SCTExtension = exports.X509Certificate = exports.EXTENSION_OID_SCT = exports.ByteStream = exports.RFC3161Timestamp = exports.pem = exports.json = exports.encoding = exports.dsse = exports.crypto = exports.ASN1Obj = void 0;
		/*
		Copyright 2023 The Sigstore Authors.

		Licensed under the Apache License, Version 2.0 (the "License");
		you may not use this file except in compliance with the License.
		You may obtain a copy of the License at

		    http://www.apache.org/licenses/LICENSE-2.0

		Unless required by applicable law or agreed to in writing, software
		distributed under the License is distributed on an "AS IS" BASIS,
		WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
		See the License for the specific language governing permissions and
		limitations under the License.
		*/
		var asn1_1 = requireAsn1();
		Object.defineProperty(exports, "ASN1Obj", { enumerable: true, get: function () { return asn1_1.ASN1Obj; } });
		exports.crypto = __importStar(requireCrypto());
		exports.dsse = __importStar(requireDsse$1());
		exports.encoding = __importStar(requireEncoding());
		exports.json = __importStar(requireJson());
		exports.pem = __importStar(requirePem());
		var rfc3161_1 = requireRfc3161();
		Object.defineProperty(exports, "RFC3161Timestamp", { enumerable: true, get: function () { return rfc3161_1.RFC3161Timestamp; } });
		var stream_1 = requireStream();
		Object.defineProperty(exports, "ByteStream", { enumerable: true, get: function () { return stream_1.ByteStream; } });
		var x509_1 = requireX509();
		Object.defineProperty(exports, "EXTENSION_OID_SCT", { enumerable: true, get: function () { return x509_1.EXTENSION_OID_SCT; } });
		Object.defineProperty(exports, "X509Certificate", { enumerable: true, get: function () { return x509_1.X509Certificate; } });
		Object.defineProperty(exports, "X509SCTExtension", { enumerable: true, get: function () { return x509_1.X509SCTExtension; } }); 
	} (dist$2));
	return dist$2;
}

var dist$1 = {};

var build = {};

var dist = {};

var envelope = {};

var hasRequiredEnvelope;

function requireEnvelope () {
	if (hasRequiredEnvelope) return envelope;
	hasRequiredEnvelope = 1;
	(function (exports) {
		// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
		// versions:
		//   protoc-gen-ts_proto  v2.12.0
		//   protoc               v7.35.1
		// source: envelope.proto
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.Signature = exports.Envelope = void 0;
		exports.Envelope = {
		    fromJSON(object) {
		        return {
		            payload: isSet(object.payload) ? Buffer.from(bytesFromBase64(object.payload)) : Buffer.alloc(0),
		            payloadType: isSet(object.payloadType) ? globalThis.String(object.payloadType) : "",
		            signatures: globalThis.Array.isArray(object?.signatures)
		                ? object.signatures.map((e) => exports.Signature.fromJSON(e))
		                : [],
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.payload.length !== 0) {
		            obj.payload = base64FromBytes(message.payload);
		        }
		        if (message.payloadType !== "") {
		            obj.payloadType = message.payloadType;
		        }
		        if (message.signatures?.length) {
		            obj.signatures = message.signatures.map((e) => exports.Signature.toJSON(e));
		        }
		        return obj;
		    },
		};
		exports.Signature = {
		    fromJSON(object) {
		        return {
		            sig: isSet(object.sig) ? Buffer.from(bytesFromBase64(object.sig)) : Buffer.alloc(0),
		            keyid: isSet(object.keyid) ? globalThis.String(object.keyid) : "",
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.sig.length !== 0) {
		            obj.sig = base64FromBytes(message.sig);
		        }
		        if (message.keyid !== "") {
		            obj.keyid = message.keyid;
		        }
		        return obj;
		    },
		};
		function bytesFromBase64(b64) {
		    return Uint8Array.from(globalThis.Buffer.from(b64, "base64"));
		}
		function base64FromBytes(arr) {
		    return globalThis.Buffer.from(arr).toString("base64");
		}
		function isSet(value) {
		    return value !== null && value !== undefined;
		} 
	} (envelope));
	return envelope;
}

var sigstore_bundle = {};

var sigstore_common = {};

var timestamp = {};

var hasRequiredTimestamp;

function requireTimestamp () {
	if (hasRequiredTimestamp) return timestamp;
	hasRequiredTimestamp = 1;
	// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
	// versions:
	//   protoc-gen-ts_proto  v2.12.0
	//   protoc               v7.35.1
	// source: google/protobuf/timestamp.proto
	Object.defineProperty(timestamp, "__esModule", { value: true });
	timestamp.Timestamp = void 0;
	timestamp.Timestamp = {
	    fromJSON(object) {
	        return {
	            seconds: isSet(object.seconds) ? globalThis.String(object.seconds) : "0",
	            nanos: isSet(object.nanos) ? globalThis.Number(object.nanos) : 0,
	        };
	    },
	    toJSON(message) {
	        const obj = {};
	        if (message.seconds !== "0") {
	            obj.seconds = message.seconds;
	        }
	        if (message.nanos !== 0) {
	            obj.nanos = Math.round(message.nanos);
	        }
	        return obj;
	    },
	};
	function isSet(value) {
	    return value !== null && value !== undefined;
	}
	return timestamp;
}

var hasRequiredSigstore_common;

function requireSigstore_common () {
	if (hasRequiredSigstore_common) return sigstore_common;
	hasRequiredSigstore_common = 1;
	(function (exports) {
		// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
		// versions:
		//   protoc-gen-ts_proto  v2.12.0
		//   protoc               v7.35.1
		// source: sigstore_common.proto
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.TimeRange = exports.X509CertificateChain = exports.SubjectAlternativeName = exports.X509Certificate = exports.DistinguishedName = exports.ObjectIdentifierValuePair = exports.ObjectIdentifier = exports.PublicKeyIdentifier = exports.PublicKey = exports.RFC3161SignedTimestamp = exports.LogId = exports.MessageSignature = exports.HashOutput = exports.SubjectAlternativeNameType = exports.PublicKeyDetails = exports.HashAlgorithm = void 0;
		exports.hashAlgorithmFromJSON = hashAlgorithmFromJSON;
		exports.hashAlgorithmToJSON = hashAlgorithmToJSON;
		exports.publicKeyDetailsFromJSON = publicKeyDetailsFromJSON;
		exports.publicKeyDetailsToJSON = publicKeyDetailsToJSON;
		exports.subjectAlternativeNameTypeFromJSON = subjectAlternativeNameTypeFromJSON;
		exports.subjectAlternativeNameTypeToJSON = subjectAlternativeNameTypeToJSON;
		/* eslint-disable */
		const timestamp_1 = requireTimestamp();
		/**
		 * Only a subset of the secure hash standard algorithms are supported.
		 * See <https://nvlpubs.nist.gov/nistpubs/FIPS/NIST.FIPS.180-4.pdf> for more
		 * details.
		 * UNSPECIFIED SHOULD not be used, primary reason for inclusion is to force
		 * any proto JSON serialization to emit the used hash algorithm, as default
		 * option is to *omit* the default value of an enum (which is the first
		 * value, represented by '0'.
		 */
		var HashAlgorithm;
		(function (HashAlgorithm) {
		    HashAlgorithm[HashAlgorithm["HASH_ALGORITHM_UNSPECIFIED"] = 0] = "HASH_ALGORITHM_UNSPECIFIED";
		    HashAlgorithm[HashAlgorithm["SHA2_256"] = 1] = "SHA2_256";
		    HashAlgorithm[HashAlgorithm["SHA2_384"] = 2] = "SHA2_384";
		    HashAlgorithm[HashAlgorithm["SHA2_512"] = 3] = "SHA2_512";
		    /**
		     * SHA3_256 - Used for LMS
		     *
		     * @deprecated
		     */
		    HashAlgorithm[HashAlgorithm["SHA3_256"] = 4] = "SHA3_256";
		    /**
		     * SHA3_384 - Used for LMS
		     *
		     * @deprecated
		     */
		    HashAlgorithm[HashAlgorithm["SHA3_384"] = 5] = "SHA3_384";
		})(HashAlgorithm || (exports.HashAlgorithm = HashAlgorithm = {}));
		function hashAlgorithmFromJSON(object) {
		    switch (object) {
		        case 0:
		        case "HASH_ALGORITHM_UNSPECIFIED":
		            return HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED;
		        case 1:
		        case "SHA2_256":
		            return HashAlgorithm.SHA2_256;
		        case 2:
		        case "SHA2_384":
		            return HashAlgorithm.SHA2_384;
		        case 3:
		        case "SHA2_512":
		            return HashAlgorithm.SHA2_512;
		        case 4:
		        case "SHA3_256":
		            return HashAlgorithm.SHA3_256;
		        case 5:
		        case "SHA3_384":
		            return HashAlgorithm.SHA3_384;
		        default:
		            throw new globalThis.Error("Unrecognized enum value " + object + " for enum HashAlgorithm");
		    }
		}
		function hashAlgorithmToJSON(object) {
		    switch (object) {
		        case HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED:
		            return "HASH_ALGORITHM_UNSPECIFIED";
		        case HashAlgorithm.SHA2_256:
		            return "SHA2_256";
		        case HashAlgorithm.SHA2_384:
		            return "SHA2_384";
		        case HashAlgorithm.SHA2_512:
		            return "SHA2_512";
		        case HashAlgorithm.SHA3_256:
		            return "SHA3_256";
		        case HashAlgorithm.SHA3_384:
		            return "SHA3_384";
		        default:
		            throw new globalThis.Error("Unrecognized enum value " + object + " for enum HashAlgorithm");
		    }
		}
		/**
		 * Details of a specific public key, capturing the the key encoding method,
		 * and signature algorithm.
		 *
		 * PublicKeyDetails captures the public key/hash algorithm combinations
		 * recommended in the Sigstore ecosystem.
		 *
		 * This is modelled as a linear set as we want to provide a small number of
		 * opinionated options instead of allowing every possible permutation.
		 *
		 * Any changes to this enum MUST be reflected in the algorithm registry.
		 *
		 * See: <https://github.com/sigstore/architecture-docs/blob/main/algorithm-registry.md>
		 *
		 * To avoid the possibility of contradicting formats such as PKCS1 with
		 * ED25519 the valid permutations are listed as a linear set instead of a
		 * cartesian set (i.e one combined variable instead of two, one for encoding
		 * and one for the signature algorithm).
		 */
		var PublicKeyDetails;
		(function (PublicKeyDetails) {
		    PublicKeyDetails[PublicKeyDetails["PUBLIC_KEY_DETAILS_UNSPECIFIED"] = 0] = "PUBLIC_KEY_DETAILS_UNSPECIFIED";
		    /**
		     * PKCS1_RSA_PKCS1V5 - RSA
		     *
		     * @deprecated
		     */
		    PublicKeyDetails[PublicKeyDetails["PKCS1_RSA_PKCS1V5"] = 1] = "PKCS1_RSA_PKCS1V5";
		    /**
		     * PKCS1_RSA_PSS - See RFC8017
		     *
		     * @deprecated
		     */
		    PublicKeyDetails[PublicKeyDetails["PKCS1_RSA_PSS"] = 2] = "PKCS1_RSA_PSS";
		    /** @deprecated */
		    PublicKeyDetails[PublicKeyDetails["PKIX_RSA_PKCS1V5"] = 3] = "PKIX_RSA_PKCS1V5";
		    /** @deprecated */
		    PublicKeyDetails[PublicKeyDetails["PKIX_RSA_PSS"] = 4] = "PKIX_RSA_PSS";
		    /** PKIX_RSA_PKCS1V15_2048_SHA256 - RSA public key in PKIX format, PKCS#1v1.5 signature */
		    PublicKeyDetails[PublicKeyDetails["PKIX_RSA_PKCS1V15_2048_SHA256"] = 9] = "PKIX_RSA_PKCS1V15_2048_SHA256";
		    PublicKeyDetails[PublicKeyDetails["PKIX_RSA_PKCS1V15_3072_SHA256"] = 10] = "PKIX_RSA_PKCS1V15_3072_SHA256";
		    PublicKeyDetails[PublicKeyDetails["PKIX_RSA_PKCS1V15_4096_SHA256"] = 11] = "PKIX_RSA_PKCS1V15_4096_SHA256";
		    /** PKIX_RSA_PSS_2048_SHA256 - RSA public key in PKIX format, RSASSA-PSS signature */
		    PublicKeyDetails[PublicKeyDetails["PKIX_RSA_PSS_2048_SHA256"] = 16] = "PKIX_RSA_PSS_2048_SHA256";
		    PublicKeyDetails[PublicKeyDetails["PKIX_RSA_PSS_3072_SHA256"] = 17] = "PKIX_RSA_PSS_3072_SHA256";
		    PublicKeyDetails[PublicKeyDetails["PKIX_RSA_PSS_4096_SHA256"] = 18] = "PKIX_RSA_PSS_4096_SHA256";
		    /**
		     * PKIX_ECDSA_P256_HMAC_SHA_256 - ECDSA
		     *
		     * @deprecated
		     */
		    PublicKeyDetails[PublicKeyDetails["PKIX_ECDSA_P256_HMAC_SHA_256"] = 6] = "PKIX_ECDSA_P256_HMAC_SHA_256";
		    /** PKIX_ECDSA_P256_SHA_256 - See NIST FIPS 186-4 */
		    PublicKeyDetails[PublicKeyDetails["PKIX_ECDSA_P256_SHA_256"] = 5] = "PKIX_ECDSA_P256_SHA_256";
		    PublicKeyDetails[PublicKeyDetails["PKIX_ECDSA_P384_SHA_384"] = 12] = "PKIX_ECDSA_P384_SHA_384";
		    PublicKeyDetails[PublicKeyDetails["PKIX_ECDSA_P521_SHA_512"] = 13] = "PKIX_ECDSA_P521_SHA_512";
		    /** PKIX_ED25519 - Ed 25519 */
		    PublicKeyDetails[PublicKeyDetails["PKIX_ED25519"] = 7] = "PKIX_ED25519";
		    PublicKeyDetails[PublicKeyDetails["PKIX_ED25519_PH"] = 8] = "PKIX_ED25519_PH";
		    /**
		     * PKIX_ECDSA_P384_SHA_256 - These algorithms are deprecated and should not be used, but they
		     * were/are being used by most Sigstore clients implementations.
		     *
		     * @deprecated
		     */
		    PublicKeyDetails[PublicKeyDetails["PKIX_ECDSA_P384_SHA_256"] = 19] = "PKIX_ECDSA_P384_SHA_256";
		    /** @deprecated */
		    PublicKeyDetails[PublicKeyDetails["PKIX_ECDSA_P521_SHA_256"] = 20] = "PKIX_ECDSA_P521_SHA_256";
		    /**
		     * LMS_SHA256 - LMS and LM-OTS
		     *
		     * These algorithms are deprecated and should not be used.
		     * There are no plans to support SLH-DSA at this time.
		     *
		     * USER WARNING: LMS and LM-OTS are both stateful signature schemes.
		     * Using them correctly requires discretion and careful consideration
		     * to ensure that individual secret keys are not used more than once.
		     * In addition, LM-OTS is a single-use scheme, meaning that it
		     * MUST NOT be used for more than one signature per LM-OTS key.
		     * If you cannot maintain these invariants, you MUST NOT use these
		     * schemes.
		     *
		     * @deprecated
		     */
		    PublicKeyDetails[PublicKeyDetails["LMS_SHA256"] = 14] = "LMS_SHA256";
		    /** @deprecated */
		    PublicKeyDetails[PublicKeyDetails["LMOTS_SHA256"] = 15] = "LMOTS_SHA256";
		    /**
		     * ML_DSA_44 - ML-DSA
		     *
		     * These ML_DSA_44, ML_DSA_65 and ML-DSA_87 algorithms are the pure variants
		     * that take data to sign rather than the prehash variants (HashML-DSA), which
		     * take digests. While considered quantum-resistant, their usage
		     * involves tradeoffs in that signatures and keys are much larger, and
		     * this makes deployments more costly.
		     *
		     * USER WARNING: ML_DSA_44, ML_DSA_65 and ML_DSA_87 are experimental algorithms.
		     * In the future they MAY be used by private Sigstore deployments, but
		     * they are not yet fully functional. This warning will be removed when
		     * these algorithms are widely supported by Sigstore clients and servers,
		     * but care should still be taken for production environments.
		     *
		     * See NIST FIPS 204, RFC 9881 for algorithm identifiers
		     */
		    PublicKeyDetails[PublicKeyDetails["ML_DSA_44"] = 23] = "ML_DSA_44";
		    PublicKeyDetails[PublicKeyDetails["ML_DSA_65"] = 21] = "ML_DSA_65";
		    PublicKeyDetails[PublicKeyDetails["ML_DSA_87"] = 22] = "ML_DSA_87";
		})(PublicKeyDetails || (exports.PublicKeyDetails = PublicKeyDetails = {}));
		function publicKeyDetailsFromJSON(object) {
		    switch (object) {
		        case 0:
		        case "PUBLIC_KEY_DETAILS_UNSPECIFIED":
		            return PublicKeyDetails.PUBLIC_KEY_DETAILS_UNSPECIFIED;
		        case 1:
		        case "PKCS1_RSA_PKCS1V5":
		            return PublicKeyDetails.PKCS1_RSA_PKCS1V5;
		        case 2:
		        case "PKCS1_RSA_PSS":
		            return PublicKeyDetails.PKCS1_RSA_PSS;
		        case 3:
		        case "PKIX_RSA_PKCS1V5":
		            return PublicKeyDetails.PKIX_RSA_PKCS1V5;
		        case 4:
		        case "PKIX_RSA_PSS":
		            return PublicKeyDetails.PKIX_RSA_PSS;
		        case 9:
		        case "PKIX_RSA_PKCS1V15_2048_SHA256":
		            return PublicKeyDetails.PKIX_RSA_PKCS1V15_2048_SHA256;
		        case 10:
		        case "PKIX_RSA_PKCS1V15_3072_SHA256":
		            return PublicKeyDetails.PKIX_RSA_PKCS1V15_3072_SHA256;
		        case 11:
		        case "PKIX_RSA_PKCS1V15_4096_SHA256":
		            return PublicKeyDetails.PKIX_RSA_PKCS1V15_4096_SHA256;
		        case 16:
		        case "PKIX_RSA_PSS_2048_SHA256":
		            return PublicKeyDetails.PKIX_RSA_PSS_2048_SHA256;
		        case 17:
		        case "PKIX_RSA_PSS_3072_SHA256":
		            return PublicKeyDetails.PKIX_RSA_PSS_3072_SHA256;
		        case 18:
		        case "PKIX_RSA_PSS_4096_SHA256":
		            return PublicKeyDetails.PKIX_RSA_PSS_4096_SHA256;
		        case 6:
		        case "PKIX_ECDSA_P256_HMAC_SHA_256":
		            return PublicKeyDetails.PKIX_ECDSA_P256_HMAC_SHA_256;
		        case 5:
		        case "PKIX_ECDSA_P256_SHA_256":
		            return PublicKeyDetails.PKIX_ECDSA_P256_SHA_256;
		        case 12:
		        case "PKIX_ECDSA_P384_SHA_384":
		            return PublicKeyDetails.PKIX_ECDSA_P384_SHA_384;
		        case 13:
		        case "PKIX_ECDSA_P521_SHA_512":
		            return PublicKeyDetails.PKIX_ECDSA_P521_SHA_512;
		        case 7:
		        case "PKIX_ED25519":
		            return PublicKeyDetails.PKIX_ED25519;
		        case 8:
		        case "PKIX_ED25519_PH":
		            return PublicKeyDetails.PKIX_ED25519_PH;
		        case 19:
		        case "PKIX_ECDSA_P384_SHA_256":
		            return PublicKeyDetails.PKIX_ECDSA_P384_SHA_256;
		        case 20:
		        case "PKIX_ECDSA_P521_SHA_256":
		            return PublicKeyDetails.PKIX_ECDSA_P521_SHA_256;
		        case 14:
		        case "LMS_SHA256":
		            return PublicKeyDetails.LMS_SHA256;
		        case 15:
		        case "LMOTS_SHA256":
		            return PublicKeyDetails.LMOTS_SHA256;
		        case 23:
		        case "ML_DSA_44":
		            return PublicKeyDetails.ML_DSA_44;
		        case 21:
		        case "ML_DSA_65":
		            return PublicKeyDetails.ML_DSA_65;
		        case 22:
		        case "ML_DSA_87":
		            return PublicKeyDetails.ML_DSA_87;
		        default:
		            throw new globalThis.Error("Unrecognized enum value " + object + " for enum PublicKeyDetails");
		    }
		}
		function publicKeyDetailsToJSON(object) {
		    switch (object) {
		        case PublicKeyDetails.PUBLIC_KEY_DETAILS_UNSPECIFIED:
		            return "PUBLIC_KEY_DETAILS_UNSPECIFIED";
		        case PublicKeyDetails.PKCS1_RSA_PKCS1V5:
		            return "PKCS1_RSA_PKCS1V5";
		        case PublicKeyDetails.PKCS1_RSA_PSS:
		            return "PKCS1_RSA_PSS";
		        case PublicKeyDetails.PKIX_RSA_PKCS1V5:
		            return "PKIX_RSA_PKCS1V5";
		        case PublicKeyDetails.PKIX_RSA_PSS:
		            return "PKIX_RSA_PSS";
		        case PublicKeyDetails.PKIX_RSA_PKCS1V15_2048_SHA256:
		            return "PKIX_RSA_PKCS1V15_2048_SHA256";
		        case PublicKeyDetails.PKIX_RSA_PKCS1V15_3072_SHA256:
		            return "PKIX_RSA_PKCS1V15_3072_SHA256";
		        case PublicKeyDetails.PKIX_RSA_PKCS1V15_4096_SHA256:
		            return "PKIX_RSA_PKCS1V15_4096_SHA256";
		        case PublicKeyDetails.PKIX_RSA_PSS_2048_SHA256:
		            return "PKIX_RSA_PSS_2048_SHA256";
		        case PublicKeyDetails.PKIX_RSA_PSS_3072_SHA256:
		            return "PKIX_RSA_PSS_3072_SHA256";
		        case PublicKeyDetails.PKIX_RSA_PSS_4096_SHA256:
		            return "PKIX_RSA_PSS_4096_SHA256";
		        case PublicKeyDetails.PKIX_ECDSA_P256_HMAC_SHA_256:
		            return "PKIX_ECDSA_P256_HMAC_SHA_256";
		        case PublicKeyDetails.PKIX_ECDSA_P256_SHA_256:
		            return "PKIX_ECDSA_P256_SHA_256";
		        case PublicKeyDetails.PKIX_ECDSA_P384_SHA_384:
		            return "PKIX_ECDSA_P384_SHA_384";
		        case PublicKeyDetails.PKIX_ECDSA_P521_SHA_512:
		            return "PKIX_ECDSA_P521_SHA_512";
		        case PublicKeyDetails.PKIX_ED25519:
		            return "PKIX_ED25519";
		        case PublicKeyDetails.PKIX_ED25519_PH:
		            return "PKIX_ED25519_PH";
		        case PublicKeyDetails.PKIX_ECDSA_P384_SHA_256:
		            return "PKIX_ECDSA_P384_SHA_256";
		        case PublicKeyDetails.PKIX_ECDSA_P521_SHA_256:
		            return "PKIX_ECDSA_P521_SHA_256";
		        case PublicKeyDetails.LMS_SHA256:
		            return "LMS_SHA256";
		        case PublicKeyDetails.LMOTS_SHA256:
		            return "LMOTS_SHA256";
		        case PublicKeyDetails.ML_DSA_44:
		            return "ML_DSA_44";
		        case PublicKeyDetails.ML_DSA_65:
		            return "ML_DSA_65";
		        case PublicKeyDetails.ML_DSA_87:
		            return "ML_DSA_87";
		        default:
		            throw new globalThis.Error("Unrecognized enum value " + object + " for enum PublicKeyDetails");
		    }
		}
		var SubjectAlternativeNameType;
		(function (SubjectAlternativeNameType) {
		    SubjectAlternativeNameType[SubjectAlternativeNameType["SUBJECT_ALTERNATIVE_NAME_TYPE_UNSPECIFIED"] = 0] = "SUBJECT_ALTERNATIVE_NAME_TYPE_UNSPECIFIED";
		    SubjectAlternativeNameType[SubjectAlternativeNameType["EMAIL"] = 1] = "EMAIL";
		    SubjectAlternativeNameType[SubjectAlternativeNameType["URI"] = 2] = "URI";
		    /**
		     * OTHER_NAME - OID 1.3.6.1.4.1.57264.1.7
		     * See https://github.com/sigstore/fulcio/blob/main/docs/oid-info.md#1361415726417--othername-san
		     * for more details.
		     */
		    SubjectAlternativeNameType[SubjectAlternativeNameType["OTHER_NAME"] = 3] = "OTHER_NAME";
		})(SubjectAlternativeNameType || (exports.SubjectAlternativeNameType = SubjectAlternativeNameType = {}));
		function subjectAlternativeNameTypeFromJSON(object) {
		    switch (object) {
		        case 0:
		        case "SUBJECT_ALTERNATIVE_NAME_TYPE_UNSPECIFIED":
		            return SubjectAlternativeNameType.SUBJECT_ALTERNATIVE_NAME_TYPE_UNSPECIFIED;
		        case 1:
		        case "EMAIL":
		            return SubjectAlternativeNameType.EMAIL;
		        case 2:
		        case "URI":
		            return SubjectAlternativeNameType.URI;
		        case 3:
		        case "OTHER_NAME":
		            return SubjectAlternativeNameType.OTHER_NAME;
		        default:
		            throw new globalThis.Error("Unrecognized enum value " + object + " for enum SubjectAlternativeNameType");
		    }
		}
		function subjectAlternativeNameTypeToJSON(object) {
		    switch (object) {
		        case SubjectAlternativeNameType.SUBJECT_ALTERNATIVE_NAME_TYPE_UNSPECIFIED:
		            return "SUBJECT_ALTERNATIVE_NAME_TYPE_UNSPECIFIED";
		        case SubjectAlternativeNameType.EMAIL:
		            return "EMAIL";
		        case SubjectAlternativeNameType.URI:
		            return "URI";
		        case SubjectAlternativeNameType.OTHER_NAME:
		            return "OTHER_NAME";
		        default:
		            throw new globalThis.Error("Unrecognized enum value " + object + " for enum SubjectAlternativeNameType");
		    }
		}
		exports.HashOutput = {
		    fromJSON(object) {
		        return {
		            algorithm: isSet(object.algorithm) ? hashAlgorithmFromJSON(object.algorithm) : 0,
		            digest: isSet(object.digest) ? Buffer.from(bytesFromBase64(object.digest)) : Buffer.alloc(0),
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.algorithm !== 0) {
		            obj.algorithm = hashAlgorithmToJSON(message.algorithm);
		        }
		        if (message.digest.length !== 0) {
		            obj.digest = base64FromBytes(message.digest);
		        }
		        return obj;
		    },
		};
		exports.MessageSignature = {
		    fromJSON(object) {
		        return {
		            messageDigest: isSet(object.messageDigest) ? exports.HashOutput.fromJSON(object.messageDigest) : undefined,
		            signature: isSet(object.signature) ? Buffer.from(bytesFromBase64(object.signature)) : Buffer.alloc(0),
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.messageDigest !== undefined) {
		            obj.messageDigest = exports.HashOutput.toJSON(message.messageDigest);
		        }
		        if (message.signature.length !== 0) {
		            obj.signature = base64FromBytes(message.signature);
		        }
		        return obj;
		    },
		};
		exports.LogId = {
		    fromJSON(object) {
		        return { keyId: isSet(object.keyId) ? Buffer.from(bytesFromBase64(object.keyId)) : Buffer.alloc(0) };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.keyId.length !== 0) {
		            obj.keyId = base64FromBytes(message.keyId);
		        }
		        return obj;
		    },
		};
		exports.RFC3161SignedTimestamp = {
		    fromJSON(object) {
		        return {
		            signedTimestamp: isSet(object.signedTimestamp)
		                ? Buffer.from(bytesFromBase64(object.signedTimestamp))
		                : Buffer.alloc(0),
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.signedTimestamp.length !== 0) {
		            obj.signedTimestamp = base64FromBytes(message.signedTimestamp);
		        }
		        return obj;
		    },
		};
		exports.PublicKey = {
		    fromJSON(object) {
		        return {
		            rawBytes: isSet(object.rawBytes) ? Buffer.from(bytesFromBase64(object.rawBytes)) : undefined,
		            keyDetails: isSet(object.keyDetails) ? publicKeyDetailsFromJSON(object.keyDetails) : 0,
		            validFor: isSet(object.validFor) ? exports.TimeRange.fromJSON(object.validFor) : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.rawBytes !== undefined) {
		            obj.rawBytes = base64FromBytes(message.rawBytes);
		        }
		        if (message.keyDetails !== 0) {
		            obj.keyDetails = publicKeyDetailsToJSON(message.keyDetails);
		        }
		        if (message.validFor !== undefined) {
		            obj.validFor = exports.TimeRange.toJSON(message.validFor);
		        }
		        return obj;
		    },
		};
		exports.PublicKeyIdentifier = {
		    fromJSON(object) {
		        return { hint: isSet(object.hint) ? globalThis.String(object.hint) : "" };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.hint !== "") {
		            obj.hint = message.hint;
		        }
		        return obj;
		    },
		};
		exports.ObjectIdentifier = {
		    fromJSON(object) {
		        return { id: globalThis.Array.isArray(object?.id) ? object.id.map((e) => globalThis.Number(e)) : [] };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.id?.length) {
		            obj.id = message.id.map((e) => Math.round(e));
		        }
		        return obj;
		    },
		};
		exports.ObjectIdentifierValuePair = {
		    fromJSON(object) {
		        return {
		            oid: isSet(object.oid) ? exports.ObjectIdentifier.fromJSON(object.oid) : undefined,
		            value: isSet(object.value) ? Buffer.from(bytesFromBase64(object.value)) : Buffer.alloc(0),
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.oid !== undefined) {
		            obj.oid = exports.ObjectIdentifier.toJSON(message.oid);
		        }
		        if (message.value.length !== 0) {
		            obj.value = base64FromBytes(message.value);
		        }
		        return obj;
		    },
		};
		exports.DistinguishedName = {
		    fromJSON(object) {
		        return {
		            organization: isSet(object.organization) ? globalThis.String(object.organization) : "",
		            commonName: isSet(object.commonName) ? globalThis.String(object.commonName) : "",
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.organization !== "") {
		            obj.organization = message.organization;
		        }
		        if (message.commonName !== "") {
		            obj.commonName = message.commonName;
		        }
		        return obj;
		    },
		};
		exports.X509Certificate = {
		    fromJSON(object) {
		        return { rawBytes: isSet(object.rawBytes) ? Buffer.from(bytesFromBase64(object.rawBytes)) : Buffer.alloc(0) };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.rawBytes.length !== 0) {
		            obj.rawBytes = base64FromBytes(message.rawBytes);
		        }
		        return obj;
		    },
		};
		exports.SubjectAlternativeName = {
		    fromJSON(object) {
		        return {
		            type: isSet(object.type) ? subjectAlternativeNameTypeFromJSON(object.type) : 0,
		            identity: isSet(object.regexp)
		                ? { $case: "regexp", regexp: globalThis.String(object.regexp) }
		                : isSet(object.value)
		                    ? { $case: "value", value: globalThis.String(object.value) }
		                    : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.type !== 0) {
		            obj.type = subjectAlternativeNameTypeToJSON(message.type);
		        }
		        if (message.identity?.$case === "regexp") {
		            obj.regexp = message.identity.regexp;
		        }
		        else if (message.identity?.$case === "value") {
		            obj.value = message.identity.value;
		        }
		        return obj;
		    },
		};
		exports.X509CertificateChain = {
		    fromJSON(object) {
		        return {
		            certificates: globalThis.Array.isArray(object?.certificates)
		                ? object.certificates.map((e) => exports.X509Certificate.fromJSON(e))
		                : [],
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.certificates?.length) {
		            obj.certificates = message.certificates.map((e) => exports.X509Certificate.toJSON(e));
		        }
		        return obj;
		    },
		};
		exports.TimeRange = {
		    fromJSON(object) {
		        return {
		            start: isSet(object.start) ? fromJsonTimestamp(object.start) : undefined,
		            end: isSet(object.end) ? fromJsonTimestamp(object.end) : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.start !== undefined) {
		            obj.start = message.start.toISOString();
		        }
		        if (message.end !== undefined) {
		            obj.end = message.end.toISOString();
		        }
		        return obj;
		    },
		};
		function bytesFromBase64(b64) {
		    return Uint8Array.from(globalThis.Buffer.from(b64, "base64"));
		}
		function base64FromBytes(arr) {
		    return globalThis.Buffer.from(arr).toString("base64");
		}
		function fromTimestamp(t) {
		    let millis = (globalThis.Number(t.seconds) || 0) * 1_000;
		    millis += (t.nanos || 0) / 1_000_000;
		    return new globalThis.Date(millis);
		}
		function fromJsonTimestamp(o) {
		    if (o instanceof globalThis.Date) {
		        return o;
		    }
		    else if (typeof o === "string") {
		        return new globalThis.Date(o);
		    }
		    else {
		        return fromTimestamp(timestamp_1.Timestamp.fromJSON(o));
		    }
		}
		function isSet(value) {
		    return value !== null && value !== undefined;
		} 
	} (sigstore_common));
	return sigstore_common;
}

var sigstore_rekor = {};

var hasRequiredSigstore_rekor;

function requireSigstore_rekor () {
	if (hasRequiredSigstore_rekor) return sigstore_rekor;
	hasRequiredSigstore_rekor = 1;
	(function (exports) {
		// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
		// versions:
		//   protoc-gen-ts_proto  v2.12.0
		//   protoc               v7.35.1
		// source: sigstore_rekor.proto
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.TransparencyLogEntry = exports.InclusionPromise = exports.InclusionProof = exports.Checkpoint = exports.KindVersion = void 0;
		/* eslint-disable */
		const sigstore_common_1 = requireSigstore_common();
		exports.KindVersion = {
		    fromJSON(object) {
		        return {
		            kind: isSet(object.kind) ? globalThis.String(object.kind) : "",
		            version: isSet(object.version) ? globalThis.String(object.version) : "",
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.kind !== "") {
		            obj.kind = message.kind;
		        }
		        if (message.version !== "") {
		            obj.version = message.version;
		        }
		        return obj;
		    },
		};
		exports.Checkpoint = {
		    fromJSON(object) {
		        return { envelope: isSet(object.envelope) ? globalThis.String(object.envelope) : "" };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.envelope !== "") {
		            obj.envelope = message.envelope;
		        }
		        return obj;
		    },
		};
		exports.InclusionProof = {
		    fromJSON(object) {
		        return {
		            logIndex: isSet(object.logIndex) ? globalThis.String(object.logIndex) : "0",
		            rootHash: isSet(object.rootHash) ? Buffer.from(bytesFromBase64(object.rootHash)) : Buffer.alloc(0),
		            treeSize: isSet(object.treeSize) ? globalThis.String(object.treeSize) : "0",
		            hashes: globalThis.Array.isArray(object?.hashes)
		                ? object.hashes.map((e) => Buffer.from(bytesFromBase64(e)))
		                : [],
		            checkpoint: isSet(object.checkpoint) ? exports.Checkpoint.fromJSON(object.checkpoint) : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.logIndex !== "0") {
		            obj.logIndex = message.logIndex;
		        }
		        if (message.rootHash.length !== 0) {
		            obj.rootHash = base64FromBytes(message.rootHash);
		        }
		        if (message.treeSize !== "0") {
		            obj.treeSize = message.treeSize;
		        }
		        if (message.hashes?.length) {
		            obj.hashes = message.hashes.map((e) => base64FromBytes(e));
		        }
		        if (message.checkpoint !== undefined) {
		            obj.checkpoint = exports.Checkpoint.toJSON(message.checkpoint);
		        }
		        return obj;
		    },
		};
		exports.InclusionPromise = {
		    fromJSON(object) {
		        return {
		            signedEntryTimestamp: isSet(object.signedEntryTimestamp)
		                ? Buffer.from(bytesFromBase64(object.signedEntryTimestamp))
		                : Buffer.alloc(0),
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.signedEntryTimestamp.length !== 0) {
		            obj.signedEntryTimestamp = base64FromBytes(message.signedEntryTimestamp);
		        }
		        return obj;
		    },
		};
		exports.TransparencyLogEntry = {
		    fromJSON(object) {
		        return {
		            logIndex: isSet(object.logIndex) ? globalThis.String(object.logIndex) : "0",
		            logId: isSet(object.logId) ? sigstore_common_1.LogId.fromJSON(object.logId) : undefined,
		            kindVersion: isSet(object.kindVersion) ? exports.KindVersion.fromJSON(object.kindVersion) : undefined,
		            integratedTime: isSet(object.integratedTime) ? globalThis.String(object.integratedTime) : "0",
		            inclusionPromise: isSet(object.inclusionPromise) ? exports.InclusionPromise.fromJSON(object.inclusionPromise) : undefined,
		            inclusionProof: isSet(object.inclusionProof) ? exports.InclusionProof.fromJSON(object.inclusionProof) : undefined,
		            canonicalizedBody: isSet(object.canonicalizedBody)
		                ? Buffer.from(bytesFromBase64(object.canonicalizedBody))
		                : Buffer.alloc(0),
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.logIndex !== "0") {
		            obj.logIndex = message.logIndex;
		        }
		        if (message.logId !== undefined) {
		            obj.logId = sigstore_common_1.LogId.toJSON(message.logId);
		        }
		        if (message.kindVersion !== undefined) {
		            obj.kindVersion = exports.KindVersion.toJSON(message.kindVersion);
		        }
		        if (message.integratedTime !== "0") {
		            obj.integratedTime = message.integratedTime;
		        }
		        if (message.inclusionPromise !== undefined) {
		            obj.inclusionPromise = exports.InclusionPromise.toJSON(message.inclusionPromise);
		        }
		        if (message.inclusionProof !== undefined) {
		            obj.inclusionProof = exports.InclusionProof.toJSON(message.inclusionProof);
		        }
		        if (message.canonicalizedBody.length !== 0) {
		            obj.canonicalizedBody = base64FromBytes(message.canonicalizedBody);
		        }
		        return obj;
		    },
		};
		function bytesFromBase64(b64) {
		    return Uint8Array.from(globalThis.Buffer.from(b64, "base64"));
		}
		function base64FromBytes(arr) {
		    return globalThis.Buffer.from(arr).toString("base64");
		}
		function isSet(value) {
		    return value !== null && value !== undefined;
		} 
	} (sigstore_rekor));
	return sigstore_rekor;
}

var hasRequiredSigstore_bundle;

function requireSigstore_bundle () {
	if (hasRequiredSigstore_bundle) return sigstore_bundle;
	hasRequiredSigstore_bundle = 1;
	(function (exports) {
		// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
		// versions:
		//   protoc-gen-ts_proto  v2.12.0
		//   protoc               v7.35.1
		// source: sigstore_bundle.proto
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.Bundle = exports.VerificationMaterial = exports.TimestampVerificationData = void 0;
		/* eslint-disable */
		const envelope_1 = requireEnvelope();
		const sigstore_common_1 = requireSigstore_common();
		const sigstore_rekor_1 = requireSigstore_rekor();
		exports.TimestampVerificationData = {
		    fromJSON(object) {
		        return {
		            rfc3161Timestamps: globalThis.Array.isArray(object?.rfc3161Timestamps)
		                ? object.rfc3161Timestamps.map((e) => sigstore_common_1.RFC3161SignedTimestamp.fromJSON(e))
		                : [],
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.rfc3161Timestamps?.length) {
		            obj.rfc3161Timestamps = message.rfc3161Timestamps.map((e) => sigstore_common_1.RFC3161SignedTimestamp.toJSON(e));
		        }
		        return obj;
		    },
		};
		exports.VerificationMaterial = {
		    fromJSON(object) {
		        return {
		            content: isSet(object.publicKey)
		                ? { $case: "publicKey", publicKey: sigstore_common_1.PublicKeyIdentifier.fromJSON(object.publicKey) }
		                : isSet(object.x509CertificateChain)
		                    ? {
		                        $case: "x509CertificateChain",
		                        x509CertificateChain: sigstore_common_1.X509CertificateChain.fromJSON(object.x509CertificateChain),
		                    }
		                    : isSet(object.certificate)
		                        ? { $case: "certificate", certificate: sigstore_common_1.X509Certificate.fromJSON(object.certificate) }
		                        : undefined,
		            tlogEntries: globalThis.Array.isArray(object?.tlogEntries)
		                ? object.tlogEntries.map((e) => sigstore_rekor_1.TransparencyLogEntry.fromJSON(e))
		                : [],
		            timestampVerificationData: isSet(object.timestampVerificationData)
		                ? exports.TimestampVerificationData.fromJSON(object.timestampVerificationData)
		                : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.content?.$case === "publicKey") {
		            obj.publicKey = sigstore_common_1.PublicKeyIdentifier.toJSON(message.content.publicKey);
		        }
		        else if (message.content?.$case === "x509CertificateChain") {
		            obj.x509CertificateChain = sigstore_common_1.X509CertificateChain.toJSON(message.content.x509CertificateChain);
		        }
		        else if (message.content?.$case === "certificate") {
		            obj.certificate = sigstore_common_1.X509Certificate.toJSON(message.content.certificate);
		        }
		        if (message.tlogEntries?.length) {
		            obj.tlogEntries = message.tlogEntries.map((e) => sigstore_rekor_1.TransparencyLogEntry.toJSON(e));
		        }
		        if (message.timestampVerificationData !== undefined) {
		            obj.timestampVerificationData = exports.TimestampVerificationData.toJSON(message.timestampVerificationData);
		        }
		        return obj;
		    },
		};
		exports.Bundle = {
		    fromJSON(object) {
		        return {
		            mediaType: isSet(object.mediaType) ? globalThis.String(object.mediaType) : "",
		            verificationMaterial: isSet(object.verificationMaterial)
		                ? exports.VerificationMaterial.fromJSON(object.verificationMaterial)
		                : undefined,
		            content: isSet(object.messageSignature)
		                ? { $case: "messageSignature", messageSignature: sigstore_common_1.MessageSignature.fromJSON(object.messageSignature) }
		                : isSet(object.dsseEnvelope)
		                    ? { $case: "dsseEnvelope", dsseEnvelope: envelope_1.Envelope.fromJSON(object.dsseEnvelope) }
		                    : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.mediaType !== "") {
		            obj.mediaType = message.mediaType;
		        }
		        if (message.verificationMaterial !== undefined) {
		            obj.verificationMaterial = exports.VerificationMaterial.toJSON(message.verificationMaterial);
		        }
		        if (message.content?.$case === "messageSignature") {
		            obj.messageSignature = sigstore_common_1.MessageSignature.toJSON(message.content.messageSignature);
		        }
		        else if (message.content?.$case === "dsseEnvelope") {
		            obj.dsseEnvelope = envelope_1.Envelope.toJSON(message.content.dsseEnvelope);
		        }
		        return obj;
		    },
		};
		function isSet(value) {
		    return value !== null && value !== undefined;
		} 
	} (sigstore_bundle));
	return sigstore_bundle;
}

var sigstore_trustroot = {};

var hasRequiredSigstore_trustroot;

function requireSigstore_trustroot () {
	if (hasRequiredSigstore_trustroot) return sigstore_trustroot;
	hasRequiredSigstore_trustroot = 1;
	(function (exports) {
		// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
		// versions:
		//   protoc-gen-ts_proto  v2.12.0
		//   protoc               v7.35.1
		// source: sigstore_trustroot.proto
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.ClientTrustConfig = exports.ServiceConfiguration = exports.Service = exports.SigningConfig = exports.TrustedRoot = exports.CertificateAuthority = exports.TransparencyLogInstance = exports.ServiceSelector = void 0;
		exports.serviceSelectorFromJSON = serviceSelectorFromJSON;
		exports.serviceSelectorToJSON = serviceSelectorToJSON;
		/* eslint-disable */
		const sigstore_common_1 = requireSigstore_common();
		/**
		 * ServiceSelector specifies how a client SHOULD select a set of
		 * Services to connect to. A client SHOULD throw an error if
		 * the value is SERVICE_SELECTOR_UNDEFINED.
		 */
		var ServiceSelector;
		(function (ServiceSelector) {
		    ServiceSelector[ServiceSelector["SERVICE_SELECTOR_UNDEFINED"] = 0] = "SERVICE_SELECTOR_UNDEFINED";
		    /**
		     * ALL - Clients SHOULD select all Services based on supported API version
		     * and validity window.
		     */
		    ServiceSelector[ServiceSelector["ALL"] = 1] = "ALL";
		    /**
		     * ANY - Clients SHOULD select one Service based on supported API version
		     * and validity window. It is up to the client implementation to
		     * decide how to select the Service, e.g. random or round-robin.
		     */
		    ServiceSelector[ServiceSelector["ANY"] = 2] = "ANY";
		    /**
		     * EXACT - Clients SHOULD select a specific number of Services based on
		     * supported API version and validity window, using the provided
		     * `count`. It is up to the client implementation to decide how to
		     * select the Service, e.g. random or round-robin.
		     */
		    ServiceSelector[ServiceSelector["EXACT"] = 3] = "EXACT";
		})(ServiceSelector || (exports.ServiceSelector = ServiceSelector = {}));
		function serviceSelectorFromJSON(object) {
		    switch (object) {
		        case 0:
		        case "SERVICE_SELECTOR_UNDEFINED":
		            return ServiceSelector.SERVICE_SELECTOR_UNDEFINED;
		        case 1:
		        case "ALL":
		            return ServiceSelector.ALL;
		        case 2:
		        case "ANY":
		            return ServiceSelector.ANY;
		        case 3:
		        case "EXACT":
		            return ServiceSelector.EXACT;
		        default:
		            throw new globalThis.Error("Unrecognized enum value " + object + " for enum ServiceSelector");
		    }
		}
		function serviceSelectorToJSON(object) {
		    switch (object) {
		        case ServiceSelector.SERVICE_SELECTOR_UNDEFINED:
		            return "SERVICE_SELECTOR_UNDEFINED";
		        case ServiceSelector.ALL:
		            return "ALL";
		        case ServiceSelector.ANY:
		            return "ANY";
		        case ServiceSelector.EXACT:
		            return "EXACT";
		        default:
		            throw new globalThis.Error("Unrecognized enum value " + object + " for enum ServiceSelector");
		    }
		}
		exports.TransparencyLogInstance = {
		    fromJSON(object) {
		        return {
		            baseUrl: isSet(object.baseUrl) ? globalThis.String(object.baseUrl) : "",
		            hashAlgorithm: isSet(object.hashAlgorithm) ? (0, sigstore_common_1.hashAlgorithmFromJSON)(object.hashAlgorithm) : 0,
		            publicKey: isSet(object.publicKey) ? sigstore_common_1.PublicKey.fromJSON(object.publicKey) : undefined,
		            logId: isSet(object.logId) ? sigstore_common_1.LogId.fromJSON(object.logId) : undefined,
		            checkpointKeyId: isSet(object.checkpointKeyId) ? sigstore_common_1.LogId.fromJSON(object.checkpointKeyId) : undefined,
		            operator: isSet(object.operator) ? globalThis.String(object.operator) : "",
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.baseUrl !== "") {
		            obj.baseUrl = message.baseUrl;
		        }
		        if (message.hashAlgorithm !== 0) {
		            obj.hashAlgorithm = (0, sigstore_common_1.hashAlgorithmToJSON)(message.hashAlgorithm);
		        }
		        if (message.publicKey !== undefined) {
		            obj.publicKey = sigstore_common_1.PublicKey.toJSON(message.publicKey);
		        }
		        if (message.logId !== undefined) {
		            obj.logId = sigstore_common_1.LogId.toJSON(message.logId);
		        }
		        if (message.checkpointKeyId !== undefined) {
		            obj.checkpointKeyId = sigstore_common_1.LogId.toJSON(message.checkpointKeyId);
		        }
		        if (message.operator !== "") {
		            obj.operator = message.operator;
		        }
		        return obj;
		    },
		};
		exports.CertificateAuthority = {
		    fromJSON(object) {
		        return {
		            subject: isSet(object.subject) ? sigstore_common_1.DistinguishedName.fromJSON(object.subject) : undefined,
		            uri: isSet(object.uri) ? globalThis.String(object.uri) : "",
		            certChain: isSet(object.certChain) ? sigstore_common_1.X509CertificateChain.fromJSON(object.certChain) : undefined,
		            validFor: isSet(object.validFor) ? sigstore_common_1.TimeRange.fromJSON(object.validFor) : undefined,
		            operator: isSet(object.operator) ? globalThis.String(object.operator) : "",
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.subject !== undefined) {
		            obj.subject = sigstore_common_1.DistinguishedName.toJSON(message.subject);
		        }
		        if (message.uri !== "") {
		            obj.uri = message.uri;
		        }
		        if (message.certChain !== undefined) {
		            obj.certChain = sigstore_common_1.X509CertificateChain.toJSON(message.certChain);
		        }
		        if (message.validFor !== undefined) {
		            obj.validFor = sigstore_common_1.TimeRange.toJSON(message.validFor);
		        }
		        if (message.operator !== "") {
		            obj.operator = message.operator;
		        }
		        return obj;
		    },
		};
		exports.TrustedRoot = {
		    fromJSON(object) {
		        return {
		            mediaType: isSet(object.mediaType) ? globalThis.String(object.mediaType) : "",
		            tlogs: globalThis.Array.isArray(object?.tlogs)
		                ? object.tlogs.map((e) => exports.TransparencyLogInstance.fromJSON(e))
		                : [],
		            certificateAuthorities: globalThis.Array.isArray(object?.certificateAuthorities)
		                ? object.certificateAuthorities.map((e) => exports.CertificateAuthority.fromJSON(e))
		                : [],
		            ctlogs: globalThis.Array.isArray(object?.ctlogs)
		                ? object.ctlogs.map((e) => exports.TransparencyLogInstance.fromJSON(e))
		                : [],
		            timestampAuthorities: globalThis.Array.isArray(object?.timestampAuthorities)
		                ? object.timestampAuthorities.map((e) => exports.CertificateAuthority.fromJSON(e))
		                : [],
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.mediaType !== "") {
		            obj.mediaType = message.mediaType;
		        }
		        if (message.tlogs?.length) {
		            obj.tlogs = message.tlogs.map((e) => exports.TransparencyLogInstance.toJSON(e));
		        }
		        if (message.certificateAuthorities?.length) {
		            obj.certificateAuthorities = message.certificateAuthorities.map((e) => exports.CertificateAuthority.toJSON(e));
		        }
		        if (message.ctlogs?.length) {
		            obj.ctlogs = message.ctlogs.map((e) => exports.TransparencyLogInstance.toJSON(e));
		        }
		        if (message.timestampAuthorities?.length) {
		            obj.timestampAuthorities = message.timestampAuthorities.map((e) => exports.CertificateAuthority.toJSON(e));
		        }
		        return obj;
		    },
		};
		exports.SigningConfig = {
		    fromJSON(object) {
		        return {
		            mediaType: isSet(object.mediaType) ? globalThis.String(object.mediaType) : "",
		            caUrls: globalThis.Array.isArray(object?.caUrls) ? object.caUrls.map((e) => exports.Service.fromJSON(e)) : [],
		            oidcUrls: globalThis.Array.isArray(object?.oidcUrls) ? object.oidcUrls.map((e) => exports.Service.fromJSON(e)) : [],
		            rekorTlogUrls: globalThis.Array.isArray(object?.rekorTlogUrls)
		                ? object.rekorTlogUrls.map((e) => exports.Service.fromJSON(e))
		                : [],
		            rekorTlogConfig: isSet(object.rekorTlogConfig)
		                ? exports.ServiceConfiguration.fromJSON(object.rekorTlogConfig)
		                : undefined,
		            tsaUrls: globalThis.Array.isArray(object?.tsaUrls) ? object.tsaUrls.map((e) => exports.Service.fromJSON(e)) : [],
		            tsaConfig: isSet(object.tsaConfig) ? exports.ServiceConfiguration.fromJSON(object.tsaConfig) : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.mediaType !== "") {
		            obj.mediaType = message.mediaType;
		        }
		        if (message.caUrls?.length) {
		            obj.caUrls = message.caUrls.map((e) => exports.Service.toJSON(e));
		        }
		        if (message.oidcUrls?.length) {
		            obj.oidcUrls = message.oidcUrls.map((e) => exports.Service.toJSON(e));
		        }
		        if (message.rekorTlogUrls?.length) {
		            obj.rekorTlogUrls = message.rekorTlogUrls.map((e) => exports.Service.toJSON(e));
		        }
		        if (message.rekorTlogConfig !== undefined) {
		            obj.rekorTlogConfig = exports.ServiceConfiguration.toJSON(message.rekorTlogConfig);
		        }
		        if (message.tsaUrls?.length) {
		            obj.tsaUrls = message.tsaUrls.map((e) => exports.Service.toJSON(e));
		        }
		        if (message.tsaConfig !== undefined) {
		            obj.tsaConfig = exports.ServiceConfiguration.toJSON(message.tsaConfig);
		        }
		        return obj;
		    },
		};
		exports.Service = {
		    fromJSON(object) {
		        return {
		            url: isSet(object.url) ? globalThis.String(object.url) : "",
		            majorApiVersion: isSet(object.majorApiVersion) ? globalThis.Number(object.majorApiVersion) : 0,
		            validFor: isSet(object.validFor) ? sigstore_common_1.TimeRange.fromJSON(object.validFor) : undefined,
		            operator: isSet(object.operator) ? globalThis.String(object.operator) : "",
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.url !== "") {
		            obj.url = message.url;
		        }
		        if (message.majorApiVersion !== 0) {
		            obj.majorApiVersion = Math.round(message.majorApiVersion);
		        }
		        if (message.validFor !== undefined) {
		            obj.validFor = sigstore_common_1.TimeRange.toJSON(message.validFor);
		        }
		        if (message.operator !== "") {
		            obj.operator = message.operator;
		        }
		        return obj;
		    },
		};
		exports.ServiceConfiguration = {
		    fromJSON(object) {
		        return {
		            selector: isSet(object.selector) ? serviceSelectorFromJSON(object.selector) : 0,
		            count: isSet(object.count) ? globalThis.Number(object.count) : 0,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.selector !== 0) {
		            obj.selector = serviceSelectorToJSON(message.selector);
		        }
		        if (message.count !== 0) {
		            obj.count = Math.round(message.count);
		        }
		        return obj;
		    },
		};
		exports.ClientTrustConfig = {
		    fromJSON(object) {
		        return {
		            mediaType: isSet(object.mediaType) ? globalThis.String(object.mediaType) : "",
		            trustedRoot: isSet(object.trustedRoot) ? exports.TrustedRoot.fromJSON(object.trustedRoot) : undefined,
		            signingConfig: isSet(object.signingConfig) ? exports.SigningConfig.fromJSON(object.signingConfig) : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.mediaType !== "") {
		            obj.mediaType = message.mediaType;
		        }
		        if (message.trustedRoot !== undefined) {
		            obj.trustedRoot = exports.TrustedRoot.toJSON(message.trustedRoot);
		        }
		        if (message.signingConfig !== undefined) {
		            obj.signingConfig = exports.SigningConfig.toJSON(message.signingConfig);
		        }
		        return obj;
		    },
		};
		function isSet(value) {
		    return value !== null && value !== undefined;
		} 
	} (sigstore_trustroot));
	return sigstore_trustroot;
}

var sigstore_verification = {};

var hasRequiredSigstore_verification;

function requireSigstore_verification () {
	if (hasRequiredSigstore_verification) return sigstore_verification;
	hasRequiredSigstore_verification = 1;
	(function (exports) {
		// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
		// versions:
		//   protoc-gen-ts_proto  v2.12.0
		//   protoc               v7.35.1
		// source: sigstore_verification.proto
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.Input = exports.Artifact = exports.ArtifactVerificationOptions_ObserverTimestampOptions = exports.ArtifactVerificationOptions_TlogIntegratedTimestampOptions = exports.ArtifactVerificationOptions_TimestampAuthorityOptions = exports.ArtifactVerificationOptions_CtlogOptions = exports.ArtifactVerificationOptions_TlogOptions = exports.ArtifactVerificationOptions = exports.PublicKeyIdentities = exports.CertificateIdentities = exports.CertificateIdentity = void 0;
		/* eslint-disable */
		const sigstore_bundle_1 = requireSigstore_bundle();
		const sigstore_common_1 = requireSigstore_common();
		const sigstore_trustroot_1 = requireSigstore_trustroot();
		exports.CertificateIdentity = {
		    fromJSON(object) {
		        return {
		            issuer: isSet(object.issuer) ? globalThis.String(object.issuer) : "",
		            san: isSet(object.san) ? sigstore_common_1.SubjectAlternativeName.fromJSON(object.san) : undefined,
		            oids: globalThis.Array.isArray(object?.oids)
		                ? object.oids.map((e) => sigstore_common_1.ObjectIdentifierValuePair.fromJSON(e))
		                : [],
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.issuer !== "") {
		            obj.issuer = message.issuer;
		        }
		        if (message.san !== undefined) {
		            obj.san = sigstore_common_1.SubjectAlternativeName.toJSON(message.san);
		        }
		        if (message.oids?.length) {
		            obj.oids = message.oids.map((e) => sigstore_common_1.ObjectIdentifierValuePair.toJSON(e));
		        }
		        return obj;
		    },
		};
		exports.CertificateIdentities = {
		    fromJSON(object) {
		        return {
		            identities: globalThis.Array.isArray(object?.identities)
		                ? object.identities.map((e) => exports.CertificateIdentity.fromJSON(e))
		                : [],
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.identities?.length) {
		            obj.identities = message.identities.map((e) => exports.CertificateIdentity.toJSON(e));
		        }
		        return obj;
		    },
		};
		exports.PublicKeyIdentities = {
		    fromJSON(object) {
		        return {
		            publicKeys: globalThis.Array.isArray(object?.publicKeys)
		                ? object.publicKeys.map((e) => sigstore_common_1.PublicKey.fromJSON(e))
		                : [],
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.publicKeys?.length) {
		            obj.publicKeys = message.publicKeys.map((e) => sigstore_common_1.PublicKey.toJSON(e));
		        }
		        return obj;
		    },
		};
		exports.ArtifactVerificationOptions = {
		    fromJSON(object) {
		        return {
		            signers: isSet(object.certificateIdentities)
		                ? {
		                    $case: "certificateIdentities",
		                    certificateIdentities: exports.CertificateIdentities.fromJSON(object.certificateIdentities),
		                }
		                : isSet(object.publicKeys)
		                    ? { $case: "publicKeys", publicKeys: exports.PublicKeyIdentities.fromJSON(object.publicKeys) }
		                    : undefined,
		            tlogOptions: isSet(object.tlogOptions)
		                ? exports.ArtifactVerificationOptions_TlogOptions.fromJSON(object.tlogOptions)
		                : undefined,
		            ctlogOptions: isSet(object.ctlogOptions)
		                ? exports.ArtifactVerificationOptions_CtlogOptions.fromJSON(object.ctlogOptions)
		                : undefined,
		            tsaOptions: isSet(object.tsaOptions)
		                ? exports.ArtifactVerificationOptions_TimestampAuthorityOptions.fromJSON(object.tsaOptions)
		                : undefined,
		            integratedTsOptions: isSet(object.integratedTsOptions)
		                ? exports.ArtifactVerificationOptions_TlogIntegratedTimestampOptions.fromJSON(object.integratedTsOptions)
		                : undefined,
		            observerOptions: isSet(object.observerOptions)
		                ? exports.ArtifactVerificationOptions_ObserverTimestampOptions.fromJSON(object.observerOptions)
		                : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.signers?.$case === "certificateIdentities") {
		            obj.certificateIdentities = exports.CertificateIdentities.toJSON(message.signers.certificateIdentities);
		        }
		        else if (message.signers?.$case === "publicKeys") {
		            obj.publicKeys = exports.PublicKeyIdentities.toJSON(message.signers.publicKeys);
		        }
		        if (message.tlogOptions !== undefined) {
		            obj.tlogOptions = exports.ArtifactVerificationOptions_TlogOptions.toJSON(message.tlogOptions);
		        }
		        if (message.ctlogOptions !== undefined) {
		            obj.ctlogOptions = exports.ArtifactVerificationOptions_CtlogOptions.toJSON(message.ctlogOptions);
		        }
		        if (message.tsaOptions !== undefined) {
		            obj.tsaOptions = exports.ArtifactVerificationOptions_TimestampAuthorityOptions.toJSON(message.tsaOptions);
		        }
		        if (message.integratedTsOptions !== undefined) {
		            obj.integratedTsOptions = exports.ArtifactVerificationOptions_TlogIntegratedTimestampOptions.toJSON(message.integratedTsOptions);
		        }
		        if (message.observerOptions !== undefined) {
		            obj.observerOptions = exports.ArtifactVerificationOptions_ObserverTimestampOptions.toJSON(message.observerOptions);
		        }
		        return obj;
		    },
		};
		exports.ArtifactVerificationOptions_TlogOptions = {
		    fromJSON(object) {
		        return {
		            threshold: isSet(object.threshold) ? globalThis.Number(object.threshold) : 0,
		            performOnlineVerification: isSet(object.performOnlineVerification)
		                ? globalThis.Boolean(object.performOnlineVerification)
		                : false,
		            disable: isSet(object.disable) ? globalThis.Boolean(object.disable) : false,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.threshold !== 0) {
		            obj.threshold = Math.round(message.threshold);
		        }
		        if (message.performOnlineVerification !== false) {
		            obj.performOnlineVerification = message.performOnlineVerification;
		        }
		        if (message.disable !== false) {
		            obj.disable = message.disable;
		        }
		        return obj;
		    },
		};
		exports.ArtifactVerificationOptions_CtlogOptions = {
		    fromJSON(object) {
		        return {
		            threshold: isSet(object.threshold) ? globalThis.Number(object.threshold) : 0,
		            disable: isSet(object.disable) ? globalThis.Boolean(object.disable) : false,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.threshold !== 0) {
		            obj.threshold = Math.round(message.threshold);
		        }
		        if (message.disable !== false) {
		            obj.disable = message.disable;
		        }
		        return obj;
		    },
		};
		exports.ArtifactVerificationOptions_TimestampAuthorityOptions = {
		    fromJSON(object) {
		        return {
		            threshold: isSet(object.threshold) ? globalThis.Number(object.threshold) : 0,
		            disable: isSet(object.disable) ? globalThis.Boolean(object.disable) : false,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.threshold !== 0) {
		            obj.threshold = Math.round(message.threshold);
		        }
		        if (message.disable !== false) {
		            obj.disable = message.disable;
		        }
		        return obj;
		    },
		};
		exports.ArtifactVerificationOptions_TlogIntegratedTimestampOptions = {
		    fromJSON(object) {
		        return {
		            threshold: isSet(object.threshold) ? globalThis.Number(object.threshold) : 0,
		            disable: isSet(object.disable) ? globalThis.Boolean(object.disable) : false,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.threshold !== 0) {
		            obj.threshold = Math.round(message.threshold);
		        }
		        if (message.disable !== false) {
		            obj.disable = message.disable;
		        }
		        return obj;
		    },
		};
		exports.ArtifactVerificationOptions_ObserverTimestampOptions = {
		    fromJSON(object) {
		        return {
		            threshold: isSet(object.threshold) ? globalThis.Number(object.threshold) : 0,
		            disable: isSet(object.disable) ? globalThis.Boolean(object.disable) : false,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.threshold !== 0) {
		            obj.threshold = Math.round(message.threshold);
		        }
		        if (message.disable !== false) {
		            obj.disable = message.disable;
		        }
		        return obj;
		    },
		};
		exports.Artifact = {
		    fromJSON(object) {
		        return {
		            data: isSet(object.artifactUri)
		                ? { $case: "artifactUri", artifactUri: globalThis.String(object.artifactUri) }
		                : isSet(object.artifact)
		                    ? { $case: "artifact", artifact: Buffer.from(bytesFromBase64(object.artifact)) }
		                    : isSet(object.artifactDigest)
		                        ? { $case: "artifactDigest", artifactDigest: sigstore_common_1.HashOutput.fromJSON(object.artifactDigest) }
		                        : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.data?.$case === "artifactUri") {
		            obj.artifactUri = message.data.artifactUri;
		        }
		        else if (message.data?.$case === "artifact") {
		            obj.artifact = base64FromBytes(message.data.artifact);
		        }
		        else if (message.data?.$case === "artifactDigest") {
		            obj.artifactDigest = sigstore_common_1.HashOutput.toJSON(message.data.artifactDigest);
		        }
		        return obj;
		    },
		};
		exports.Input = {
		    fromJSON(object) {
		        return {
		            artifactTrustRoot: isSet(object.artifactTrustRoot) ? sigstore_trustroot_1.TrustedRoot.fromJSON(object.artifactTrustRoot) : undefined,
		            artifactVerificationOptions: isSet(object.artifactVerificationOptions)
		                ? exports.ArtifactVerificationOptions.fromJSON(object.artifactVerificationOptions)
		                : undefined,
		            bundle: isSet(object.bundle) ? sigstore_bundle_1.Bundle.fromJSON(object.bundle) : undefined,
		            artifact: isSet(object.artifact) ? exports.Artifact.fromJSON(object.artifact) : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.artifactTrustRoot !== undefined) {
		            obj.artifactTrustRoot = sigstore_trustroot_1.TrustedRoot.toJSON(message.artifactTrustRoot);
		        }
		        if (message.artifactVerificationOptions !== undefined) {
		            obj.artifactVerificationOptions = exports.ArtifactVerificationOptions.toJSON(message.artifactVerificationOptions);
		        }
		        if (message.bundle !== undefined) {
		            obj.bundle = sigstore_bundle_1.Bundle.toJSON(message.bundle);
		        }
		        if (message.artifact !== undefined) {
		            obj.artifact = exports.Artifact.toJSON(message.artifact);
		        }
		        return obj;
		    },
		};
		function bytesFromBase64(b64) {
		    return Uint8Array.from(globalThis.Buffer.from(b64, "base64"));
		}
		function base64FromBytes(arr) {
		    return globalThis.Buffer.from(arr).toString("base64");
		}
		function isSet(value) {
		    return value !== null && value !== undefined;
		} 
	} (sigstore_verification));
	return sigstore_verification;
}

var hasRequiredDist$1;

function requireDist$1 () {
	if (hasRequiredDist$1) return dist;
	hasRequiredDist$1 = 1;
	(function (exports) {
		var __createBinding = (dist && dist.__createBinding) || (Object.create ? (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    var desc = Object.getOwnPropertyDescriptor(m, k);
		    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
		      desc = { enumerable: true, get: function() { return m[k]; } };
		    }
		    Object.defineProperty(o, k2, desc);
		}) : (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    o[k2] = m[k];
		}));
		var __exportStar = (dist && dist.__exportStar) || function(m, exports) {
		    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
		};
		Object.defineProperty(exports, "__esModule", { value: true });
		/*
		Copyright 2023 The Sigstore Authors.

		Licensed under the Apache License, Version 2.0 (the "License");
		you may not use this file except in compliance with the License.
		You may obtain a copy of the License at

		    http://www.apache.org/licenses/LICENSE-2.0

		Unless required by applicable law or agreed to in writing, software
		distributed under the License is distributed on an "AS IS" BASIS,
		WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
		See the License for the specific language governing permissions and
		limitations under the License.
		*/
		__exportStar(requireEnvelope(), exports);
		__exportStar(requireSigstore_bundle(), exports);
		__exportStar(requireSigstore_common(), exports);
		__exportStar(requireSigstore_rekor(), exports);
		__exportStar(requireSigstore_trustroot(), exports);
		__exportStar(requireSigstore_verification(), exports); 
	} (dist));
	return dist;
}

var bundle = {};

var hasRequiredBundle;

function requireBundle () {
	if (hasRequiredBundle) return bundle;
	hasRequiredBundle = 1;
	Object.defineProperty(bundle, "__esModule", { value: true });
	bundle.BUNDLE_V03_MEDIA_TYPE = bundle.BUNDLE_V03_LEGACY_MEDIA_TYPE = bundle.BUNDLE_V02_MEDIA_TYPE = bundle.BUNDLE_V01_MEDIA_TYPE = void 0;
	bundle.isBundleWithCertificateChain = isBundleWithCertificateChain;
	bundle.isBundleWithPublicKey = isBundleWithPublicKey;
	bundle.isBundleWithMessageSignature = isBundleWithMessageSignature;
	bundle.isBundleWithDsseEnvelope = isBundleWithDsseEnvelope;
	bundle.BUNDLE_V01_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle+json;version=0.1';
	bundle.BUNDLE_V02_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle+json;version=0.2';
	bundle.BUNDLE_V03_LEGACY_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle+json;version=0.3';
	bundle.BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
	// Type guards for bundle variants.
	function isBundleWithCertificateChain(b) {
	    return b.verificationMaterial.content.$case === 'x509CertificateChain';
	}
	function isBundleWithPublicKey(b) {
	    return b.verificationMaterial.content.$case === 'publicKey';
	}
	function isBundleWithMessageSignature(b) {
	    return b.content.$case === 'messageSignature';
	}
	function isBundleWithDsseEnvelope(b) {
	    return b.content.$case === 'dsseEnvelope';
	}
	return bundle;
}

var hasRequiredBuild;

function requireBuild () {
	if (hasRequiredBuild) return build;
	hasRequiredBuild = 1;
	Object.defineProperty(build, "__esModule", { value: true });
	build.toMessageSignatureBundle = toMessageSignatureBundle;
	build.toDSSEBundle = toDSSEBundle;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const protobuf_specs_1 = requireDist$1();
	const bundle_1 = requireBundle();
	// Message signature bundle - $case: 'messageSignature'
	function toMessageSignatureBundle(options) {
	    return {
	        mediaType: options.certificateChain
	            ? bundle_1.BUNDLE_V02_MEDIA_TYPE
	            : bundle_1.BUNDLE_V03_MEDIA_TYPE,
	        content: {
	            $case: 'messageSignature',
	            messageSignature: {
	                messageDigest: {
	                    algorithm: protobuf_specs_1.HashAlgorithm.SHA2_256,
	                    digest: options.digest,
	                },
	                signature: options.signature,
	            },
	        },
	        verificationMaterial: toVerificationMaterial(options),
	    };
	}
	// DSSE envelope bundle - $case: 'dsseEnvelope'
	function toDSSEBundle(options) {
	    return {
	        mediaType: options.certificateChain
	            ? bundle_1.BUNDLE_V02_MEDIA_TYPE
	            : bundle_1.BUNDLE_V03_MEDIA_TYPE,
	        content: {
	            $case: 'dsseEnvelope',
	            dsseEnvelope: toEnvelope(options),
	        },
	        verificationMaterial: toVerificationMaterial(options),
	    };
	}
	function toEnvelope(options) {
	    return {
	        payloadType: options.artifactType,
	        payload: options.artifact,
	        signatures: [toSignature(options)],
	    };
	}
	function toSignature(options) {
	    return {
	        keyid: options.keyHint || '',
	        sig: options.signature,
	    };
	}
	// Verification material
	function toVerificationMaterial(options) {
	    return {
	        content: toKeyContent(options),
	        tlogEntries: [],
	        timestampVerificationData: { rfc3161Timestamps: [] },
	    };
	}
	function toKeyContent(options) {
	    if (options.certificate) {
	        if (options.certificateChain) {
	            return {
	                $case: 'x509CertificateChain',
	                x509CertificateChain: {
	                    certificates: [{ rawBytes: options.certificate }],
	                },
	            };
	        }
	        else {
	            return {
	                $case: 'certificate',
	                certificate: { rawBytes: options.certificate },
	            };
	        }
	    }
	    else {
	        return {
	            $case: 'publicKey',
	            publicKey: {
	                hint: options.keyHint || '',
	            },
	        };
	    }
	}
	return build;
}

var error = {};

var hasRequiredError;

function requireError () {
	if (hasRequiredError) return error;
	hasRequiredError = 1;
	Object.defineProperty(error, "__esModule", { value: true });
	error.ValidationError = void 0;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	class ValidationError extends Error {
	    fields;
	    constructor(message, fields) {
	        super(message);
	        this.fields = fields;
	    }
	}
	error.ValidationError = ValidationError;
	return error;
}

var serialized = {};

var validate = {};

var hasRequiredValidate;

function requireValidate () {
	if (hasRequiredValidate) return validate;
	hasRequiredValidate = 1;
	Object.defineProperty(validate, "__esModule", { value: true });
	validate.assertBundle = assertBundle;
	validate.assertBundleV01 = assertBundleV01;
	validate.isBundleV01 = isBundleV01;
	validate.assertBundleV02 = assertBundleV02;
	validate.assertBundleLatest = assertBundleLatest;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const error_1 = requireError();
	// Performs basic validation of a Sigstore bundle to ensure that all required
	// fields are populated. This is not a complete validation of the bundle, but
	// rather a check that the bundle is in a valid state to be processed by the
	// rest of the code.
	function assertBundle(b) {
	    const invalidValues = validateBundleBase(b);
	    if (invalidValues.length > 0) {
	        throw new error_1.ValidationError('invalid bundle', invalidValues);
	    }
	}
	// Asserts that the given bundle conforms to the v0.1 bundle format.
	function assertBundleV01(b) {
	    const invalidValues = [];
	    invalidValues.push(...validateBundleBase(b));
	    invalidValues.push(...validateInclusionPromise(b));
	    if (invalidValues.length > 0) {
	        throw new error_1.ValidationError('invalid v0.1 bundle', invalidValues);
	    }
	}
	// Type guard to determine if Bundle is a v0.1 bundle.
	function isBundleV01(b) {
	    try {
	        assertBundleV01(b);
	        return true;
	    }
	    catch (e) {
	        return false;
	    }
	}
	// Asserts that the given bundle conforms to the v0.2 bundle format.
	function assertBundleV02(b) {
	    const invalidValues = [];
	    invalidValues.push(...validateBundleBase(b));
	    invalidValues.push(...validateInclusionProof(b));
	    if (invalidValues.length > 0) {
	        throw new error_1.ValidationError('invalid v0.2 bundle', invalidValues);
	    }
	}
	// Asserts that the given bundle conforms to the newest (0.3) bundle format.
	function assertBundleLatest(b) {
	    const invalidValues = [];
	    invalidValues.push(...validateBundleBase(b));
	    invalidValues.push(...validateInclusionProof(b));
	    invalidValues.push(...validateNoCertificateChain(b));
	    if (invalidValues.length > 0) {
	        throw new error_1.ValidationError('invalid bundle', invalidValues);
	    }
	}
	function validateBundleBase(b) {
	    const invalidValues = [];
	    // Media type validation
	    if (b.mediaType === undefined ||
	        (!b.mediaType.match(/^application\/vnd\.dev\.sigstore\.bundle\+json;version=\d\.\d/) &&
	            !b.mediaType.match(/^application\/vnd\.dev\.sigstore\.bundle\.v\d\.\d\+json/))) {
	        invalidValues.push('mediaType');
	    }
	    // Content-related validation
	    if (b.content === undefined) {
	        invalidValues.push('content');
	    }
	    else {
	        switch (b.content.$case) {
	            case 'messageSignature':
	                if (b.content.messageSignature.messageDigest === undefined) {
	                    invalidValues.push('content.messageSignature.messageDigest');
	                }
	                else {
	                    if (b.content.messageSignature.messageDigest.digest.length === 0) {
	                        invalidValues.push('content.messageSignature.messageDigest.digest');
	                    }
	                }
	                if (b.content.messageSignature.signature.length === 0) {
	                    invalidValues.push('content.messageSignature.signature');
	                }
	                break;
	            case 'dsseEnvelope':
	                if (b.content.dsseEnvelope.payload.length === 0) {
	                    invalidValues.push('content.dsseEnvelope.payload');
	                }
	                if (b.content.dsseEnvelope.signatures.length !== 1) {
	                    invalidValues.push('content.dsseEnvelope.signatures');
	                }
	                else {
	                    if (b.content.dsseEnvelope.signatures[0].sig.length === 0) {
	                        invalidValues.push('content.dsseEnvelope.signatures[0].sig');
	                    }
	                }
	                break;
	        }
	    }
	    // Verification material-related validation
	    if (b.verificationMaterial === undefined) {
	        invalidValues.push('verificationMaterial');
	    }
	    else {
	        if (b.verificationMaterial.content === undefined) {
	            invalidValues.push('verificationMaterial.content');
	        }
	        else {
	            switch (b.verificationMaterial.content.$case) {
	                case 'x509CertificateChain':
	                    if (b.verificationMaterial.content.x509CertificateChain.certificates
	                        .length === 0) {
	                        invalidValues.push('verificationMaterial.content.x509CertificateChain.certificates');
	                    }
	                    b.verificationMaterial.content.x509CertificateChain.certificates.forEach((cert, i) => {
	                        if (cert.rawBytes.length === 0) {
	                            invalidValues.push(`verificationMaterial.content.x509CertificateChain.certificates[${i}].rawBytes`);
	                        }
	                    });
	                    break;
	                case 'certificate':
	                    if (b.verificationMaterial.content.certificate.rawBytes.length === 0) {
	                        invalidValues.push('verificationMaterial.content.certificate.rawBytes');
	                    }
	                    break;
	            }
	        }
	        if (b.verificationMaterial.tlogEntries === undefined) {
	            invalidValues.push('verificationMaterial.tlogEntries');
	        }
	        else {
	            if (b.verificationMaterial.tlogEntries.length > 0) {
	                b.verificationMaterial.tlogEntries.forEach((entry, i) => {
	                    if (entry.logId === undefined) {
	                        invalidValues.push(`verificationMaterial.tlogEntries[${i}].logId`);
	                    }
	                    if (entry.kindVersion === undefined) {
	                        invalidValues.push(`verificationMaterial.tlogEntries[${i}].kindVersion`);
	                    }
	                });
	            }
	        }
	    }
	    return invalidValues;
	}
	// Necessary for V01 bundles
	function validateInclusionPromise(b) {
	    const invalidValues = [];
	    if (b.verificationMaterial &&
	        b.verificationMaterial.tlogEntries?.length > 0) {
	        b.verificationMaterial.tlogEntries.forEach((entry, i) => {
	            if (entry.inclusionPromise === undefined) {
	                invalidValues.push(`verificationMaterial.tlogEntries[${i}].inclusionPromise`);
	            }
	        });
	    }
	    return invalidValues;
	}
	// Necessary for V02 and later bundles
	function validateInclusionProof(b) {
	    const invalidValues = [];
	    if (b.verificationMaterial &&
	        b.verificationMaterial.tlogEntries?.length > 0) {
	        b.verificationMaterial.tlogEntries.forEach((entry, i) => {
	            if (entry.inclusionProof === undefined) {
	                invalidValues.push(`verificationMaterial.tlogEntries[${i}].inclusionProof`);
	            }
	            else {
	                if (entry.inclusionProof.checkpoint === undefined) {
	                    invalidValues.push(`verificationMaterial.tlogEntries[${i}].inclusionProof.checkpoint`);
	                }
	            }
	        });
	    }
	    return invalidValues;
	}
	// Necessary for V03 and later bundles
	function validateNoCertificateChain(b) {
	    const invalidValues = [];
	    /* istanbul ignore next */
	    if (b.verificationMaterial?.content?.$case === 'x509CertificateChain') {
	        invalidValues.push('verificationMaterial.content.$case');
	    }
	    return invalidValues;
	}
	return validate;
}

var hasRequiredSerialized;

function requireSerialized () {
	if (hasRequiredSerialized) return serialized;
	hasRequiredSerialized = 1;
	Object.defineProperty(serialized, "__esModule", { value: true });
	serialized.envelopeToJSON = serialized.envelopeFromJSON = serialized.bundleToJSON = serialized.bundleFromJSON = void 0;
	/*
	Copyright 2023 The Sigstore Authors.

	Licensed under the Apache License, Version 2.0 (the "License");
	you may not use this file except in compliance with the License.
	You may obtain a copy of the License at

	    http://www.apache.org/licenses/LICENSE-2.0

	Unless required by applicable law or agreed to in writing, software
	distributed under the License is distributed on an "AS IS" BASIS,
	WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
	See the License for the specific language governing permissions and
	limitations under the License.
	*/
	const protobuf_specs_1 = requireDist$1();
	const bundle_1 = requireBundle();
	const validate_1 = requireValidate();
	const bundleFromJSON = (obj) => {
	    const bundle = protobuf_specs_1.Bundle.fromJSON(obj);
	    switch (bundle.mediaType) {
	        case bundle_1.BUNDLE_V01_MEDIA_TYPE:
	            (0, validate_1.assertBundleV01)(bundle);
	            break;
	        case bundle_1.BUNDLE_V02_MEDIA_TYPE:
	            (0, validate_1.assertBundleV02)(bundle);
	            break;
	        default:
	            (0, validate_1.assertBundleLatest)(bundle);
	            break;
	    }
	    return bundle;
	};
	serialized.bundleFromJSON = bundleFromJSON;
	const bundleToJSON = (bundle) => {
	    return protobuf_specs_1.Bundle.toJSON(bundle);
	};
	serialized.bundleToJSON = bundleToJSON;
	const envelopeFromJSON = (obj) => {
	    return protobuf_specs_1.Envelope.fromJSON(obj);
	};
	serialized.envelopeFromJSON = envelopeFromJSON;
	const envelopeToJSON = (envelope) => {
	    return protobuf_specs_1.Envelope.toJSON(envelope);
	};
	serialized.envelopeToJSON = envelopeToJSON;
	return serialized;
}

var hasRequiredDist;

function requireDist () {
	if (hasRequiredDist) return dist$1;
	hasRequiredDist = 1;
	(function (exports) {
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.isBundleV01 = exports.assertBundleV02 = exports.assertBundleV01 = exports.assertBundleLatest = exports.assertBundle = exports.envelopeToJSON = exports.envelopeFromJSON = exports.bundleToJSON = exports.bundleFromJSON = exports.ValidationError = exports.isBundleWithPublicKey = exports.isBundleWithMessageSignature = exports.isBundleWithDsseEnvelope = exports.isBundleWithCertificateChain = exports.BUNDLE_V03_MEDIA_TYPE = exports.BUNDLE_V03_LEGACY_MEDIA_TYPE = exports.BUNDLE_V02_MEDIA_TYPE = exports.BUNDLE_V01_MEDIA_TYPE = exports.toMessageSignatureBundle = exports.toDSSEBundle = void 0;
		/*
		Copyright 2023 The Sigstore Authors.

		Licensed under the Apache License, Version 2.0 (the "License");
		you may not use this file except in compliance with the License.
		You may obtain a copy of the License at

		    http://www.apache.org/licenses/LICENSE-2.0

		Unless required by applicable law or agreed to in writing, software
		distributed under the License is distributed on an "AS IS" BASIS,
		WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
		See the License for the specific language governing permissions and
		limitations under the License.
		*/
		var build_1 = requireBuild();
		Object.defineProperty(exports, "toDSSEBundle", { enumerable: true, get: function () { return build_1.toDSSEBundle; } });
		Object.defineProperty(exports, "toMessageSignatureBundle", { enumerable: true, get: function () { return build_1.toMessageSignatureBundle; } });
		var bundle_1 = requireBundle();
		Object.defineProperty(exports, "BUNDLE_V01_MEDIA_TYPE", { enumerable: true, get: function () { return bundle_1.BUNDLE_V01_MEDIA_TYPE; } });
		Object.defineProperty(exports, "BUNDLE_V02_MEDIA_TYPE", { enumerable: true, get: function () { return bundle_1.BUNDLE_V02_MEDIA_TYPE; } });
		Object.defineProperty(exports, "BUNDLE_V03_LEGACY_MEDIA_TYPE", { enumerable: true, get: function () { return bundle_1.BUNDLE_V03_LEGACY_MEDIA_TYPE; } });
		Object.defineProperty(exports, "BUNDLE_V03_MEDIA_TYPE", { enumerable: true, get: function () { return bundle_1.BUNDLE_V03_MEDIA_TYPE; } });
		Object.defineProperty(exports, "isBundleWithCertificateChain", { enumerable: true, get: function () { return bundle_1.isBundleWithCertificateChain; } });
		Object.defineProperty(exports, "isBundleWithDsseEnvelope", { enumerable: true, get: function () { return bundle_1.isBundleWithDsseEnvelope; } });
		Object.defineProperty(exports, "isBundleWithMessageSignature", { enumerable: true, get: function () { return bundle_1.isBundleWithMessageSignature; } });
		Object.defineProperty(exports, "isBundleWithPublicKey", { enumerable: true, get: function () { return bundle_1.isBundleWithPublicKey; } });
		var error_1 = requireError();
		Object.defineProperty(exports, "ValidationError", { enumerable: true, get: function () { return error_1.ValidationError; } });
		var serialized_1 = requireSerialized();
		Object.defineProperty(exports, "bundleFromJSON", { enumerable: true, get: function () { return serialized_1.bundleFromJSON; } });
		Object.defineProperty(exports, "bundleToJSON", { enumerable: true, get: function () { return serialized_1.bundleToJSON; } });
		Object.defineProperty(exports, "envelopeFromJSON", { enumerable: true, get: function () { return serialized_1.envelopeFromJSON; } });
		Object.defineProperty(exports, "envelopeToJSON", { enumerable: true, get: function () { return serialized_1.envelopeToJSON; } });
		var validate_1 = requireValidate();
		Object.defineProperty(exports, "assertBundle", { enumerable: true, get: function () { return validate_1.assertBundle; } });
		Object.defineProperty(exports, "assertBundleLatest", { enumerable: true, get: function () { return validate_1.assertBundleLatest; } });
		Object.defineProperty(exports, "assertBundleV01", { enumerable: true, get: function () { return validate_1.assertBundleV01; } });
		Object.defineProperty(exports, "assertBundleV02", { enumerable: true, get: function () { return validate_1.assertBundleV02; } });
		Object.defineProperty(exports, "isBundleV01", { enumerable: true, get: function () { return validate_1.isBundleV01; } }); 
	} (dist$1));
	return dist$1;
}

var v2 = {};

var dsse = {};

var verifier = {};

var hasRequiredVerifier;

function requireVerifier () {
	if (hasRequiredVerifier) return verifier;
	hasRequiredVerifier = 1;
	(function (exports) {
		// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
		// versions:
		//   protoc-gen-ts_proto  v2.12.0
		//   protoc               v7.35.1
		// source: rekor/v2/verifier.proto
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.Signature = exports.Verifier = exports.PublicKey = void 0;
		/* eslint-disable */
		const sigstore_common_1 = requireSigstore_common();
		exports.PublicKey = {
		    fromJSON(object) {
		        return { rawBytes: isSet(object.rawBytes) ? Buffer.from(bytesFromBase64(object.rawBytes)) : Buffer.alloc(0) };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.rawBytes.length !== 0) {
		            obj.rawBytes = base64FromBytes(message.rawBytes);
		        }
		        return obj;
		    },
		};
		exports.Verifier = {
		    fromJSON(object) {
		        return {
		            verifier: isSet(object.publicKey)
		                ? { $case: "publicKey", publicKey: exports.PublicKey.fromJSON(object.publicKey) }
		                : isSet(object.x509Certificate)
		                    ? { $case: "x509Certificate", x509Certificate: sigstore_common_1.X509Certificate.fromJSON(object.x509Certificate) }
		                    : undefined,
		            keyDetails: isSet(object.keyDetails) ? (0, sigstore_common_1.publicKeyDetailsFromJSON)(object.keyDetails) : 0,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.verifier?.$case === "publicKey") {
		            obj.publicKey = exports.PublicKey.toJSON(message.verifier.publicKey);
		        }
		        else if (message.verifier?.$case === "x509Certificate") {
		            obj.x509Certificate = sigstore_common_1.X509Certificate.toJSON(message.verifier.x509Certificate);
		        }
		        if (message.keyDetails !== 0) {
		            obj.keyDetails = (0, sigstore_common_1.publicKeyDetailsToJSON)(message.keyDetails);
		        }
		        return obj;
		    },
		};
		exports.Signature = {
		    fromJSON(object) {
		        return {
		            content: isSet(object.content) ? Buffer.from(bytesFromBase64(object.content)) : Buffer.alloc(0),
		            verifier: isSet(object.verifier) ? exports.Verifier.fromJSON(object.verifier) : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.content.length !== 0) {
		            obj.content = base64FromBytes(message.content);
		        }
		        if (message.verifier !== undefined) {
		            obj.verifier = exports.Verifier.toJSON(message.verifier);
		        }
		        return obj;
		    },
		};
		function bytesFromBase64(b64) {
		    return Uint8Array.from(globalThis.Buffer.from(b64, "base64"));
		}
		function base64FromBytes(arr) {
		    return globalThis.Buffer.from(arr).toString("base64");
		}
		function isSet(value) {
		    return value !== null && value !== undefined;
		} 
	} (verifier));
	return verifier;
}

var hasRequiredDsse;

function requireDsse () {
	if (hasRequiredDsse) return dsse;
	hasRequiredDsse = 1;
	// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
	// versions:
	//   protoc-gen-ts_proto  v2.12.0
	//   protoc               v7.35.1
	// source: rekor/v2/dsse.proto
	Object.defineProperty(dsse, "__esModule", { value: true });
	dsse.DSSELogEntryV002 = dsse.DSSERequestV002 = void 0;
	/* eslint-disable */
	const envelope_1 = requireEnvelope();
	const sigstore_common_1 = requireSigstore_common();
	const verifier_1 = requireVerifier();
	dsse.DSSERequestV002 = {
	    fromJSON(object) {
	        return {
	            envelope: isSet(object.envelope) ? envelope_1.Envelope.fromJSON(object.envelope) : undefined,
	            verifiers: globalThis.Array.isArray(object?.verifiers)
	                ? object.verifiers.map((e) => verifier_1.Verifier.fromJSON(e))
	                : [],
	        };
	    },
	    toJSON(message) {
	        const obj = {};
	        if (message.envelope !== undefined) {
	            obj.envelope = envelope_1.Envelope.toJSON(message.envelope);
	        }
	        if (message.verifiers?.length) {
	            obj.verifiers = message.verifiers.map((e) => verifier_1.Verifier.toJSON(e));
	        }
	        return obj;
	    },
	};
	dsse.DSSELogEntryV002 = {
	    fromJSON(object) {
	        return {
	            payloadHash: isSet(object.payloadHash) ? sigstore_common_1.HashOutput.fromJSON(object.payloadHash) : undefined,
	            signatures: globalThis.Array.isArray(object?.signatures)
	                ? object.signatures.map((e) => verifier_1.Signature.fromJSON(e))
	                : [],
	        };
	    },
	    toJSON(message) {
	        const obj = {};
	        if (message.payloadHash !== undefined) {
	            obj.payloadHash = sigstore_common_1.HashOutput.toJSON(message.payloadHash);
	        }
	        if (message.signatures?.length) {
	            obj.signatures = message.signatures.map((e) => verifier_1.Signature.toJSON(e));
	        }
	        return obj;
	    },
	};
	function isSet(value) {
	    return value !== null && value !== undefined;
	}
	return dsse;
}

var entry = {};

var hashedrekord = {};

var hasRequiredHashedrekord;

function requireHashedrekord () {
	if (hasRequiredHashedrekord) return hashedrekord;
	hasRequiredHashedrekord = 1;
	// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
	// versions:
	//   protoc-gen-ts_proto  v2.12.0
	//   protoc               v7.35.1
	// source: rekor/v2/hashedrekord.proto
	Object.defineProperty(hashedrekord, "__esModule", { value: true });
	hashedrekord.HashedRekordLogEntryV002 = hashedrekord.HashedRekordRequestV002 = void 0;
	/* eslint-disable */
	const sigstore_common_1 = requireSigstore_common();
	const verifier_1 = requireVerifier();
	hashedrekord.HashedRekordRequestV002 = {
	    fromJSON(object) {
	        return {
	            digest: isSet(object.digest) ? Buffer.from(bytesFromBase64(object.digest)) : Buffer.alloc(0),
	            signature: isSet(object.signature) ? verifier_1.Signature.fromJSON(object.signature) : undefined,
	        };
	    },
	    toJSON(message) {
	        const obj = {};
	        if (message.digest.length !== 0) {
	            obj.digest = base64FromBytes(message.digest);
	        }
	        if (message.signature !== undefined) {
	            obj.signature = verifier_1.Signature.toJSON(message.signature);
	        }
	        return obj;
	    },
	};
	hashedrekord.HashedRekordLogEntryV002 = {
	    fromJSON(object) {
	        return {
	            data: isSet(object.data) ? sigstore_common_1.HashOutput.fromJSON(object.data) : undefined,
	            signature: isSet(object.signature) ? verifier_1.Signature.fromJSON(object.signature) : undefined,
	        };
	    },
	    toJSON(message) {
	        const obj = {};
	        if (message.data !== undefined) {
	            obj.data = sigstore_common_1.HashOutput.toJSON(message.data);
	        }
	        if (message.signature !== undefined) {
	            obj.signature = verifier_1.Signature.toJSON(message.signature);
	        }
	        return obj;
	    },
	};
	function bytesFromBase64(b64) {
	    return Uint8Array.from(globalThis.Buffer.from(b64, "base64"));
	}
	function base64FromBytes(arr) {
	    return globalThis.Buffer.from(arr).toString("base64");
	}
	function isSet(value) {
	    return value !== null && value !== undefined;
	}
	return hashedrekord;
}

var hasRequiredEntry;

function requireEntry () {
	if (hasRequiredEntry) return entry;
	hasRequiredEntry = 1;
	(function (exports) {
		// Code generated by protoc-gen-ts_proto. DO NOT EDIT.
		// versions:
		//   protoc-gen-ts_proto  v2.12.0
		//   protoc               v7.35.1
		// source: rekor/v2/entry.proto
		Object.defineProperty(exports, "__esModule", { value: true });
		exports.CreateEntryRequest = exports.Spec = exports.Entry = void 0;
		/* eslint-disable */
		const dsse_1 = requireDsse();
		const hashedrekord_1 = requireHashedrekord();
		exports.Entry = {
		    fromJSON(object) {
		        return {
		            kind: isSet(object.kind) ? globalThis.String(object.kind) : "",
		            apiVersion: isSet(object.apiVersion) ? globalThis.String(object.apiVersion) : "",
		            spec: isSet(object.spec) ? exports.Spec.fromJSON(object.spec) : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.kind !== "") {
		            obj.kind = message.kind;
		        }
		        if (message.apiVersion !== "") {
		            obj.apiVersion = message.apiVersion;
		        }
		        if (message.spec !== undefined) {
		            obj.spec = exports.Spec.toJSON(message.spec);
		        }
		        return obj;
		    },
		};
		exports.Spec = {
		    fromJSON(object) {
		        return {
		            spec: isSet(object.hashedRekordV002)
		                ? { $case: "hashedRekordV002", hashedRekordV002: hashedrekord_1.HashedRekordLogEntryV002.fromJSON(object.hashedRekordV002) }
		                : isSet(object.dsseV002)
		                    ? { $case: "dsseV002", dsseV002: dsse_1.DSSELogEntryV002.fromJSON(object.dsseV002) }
		                    : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.spec?.$case === "hashedRekordV002") {
		            obj.hashedRekordV002 = hashedrekord_1.HashedRekordLogEntryV002.toJSON(message.spec.hashedRekordV002);
		        }
		        else if (message.spec?.$case === "dsseV002") {
		            obj.dsseV002 = dsse_1.DSSELogEntryV002.toJSON(message.spec.dsseV002);
		        }
		        return obj;
		    },
		};
		exports.CreateEntryRequest = {
		    fromJSON(object) {
		        return {
		            spec: isSet(object.hashedRekordRequestV002)
		                ? {
		                    $case: "hashedRekordRequestV002",
		                    hashedRekordRequestV002: hashedrekord_1.HashedRekordRequestV002.fromJSON(object.hashedRekordRequestV002),
		                }
		                : isSet(object.dsseRequestV002)
		                    ? { $case: "dsseRequestV002", dsseRequestV002: dsse_1.DSSERequestV002.fromJSON(object.dsseRequestV002) }
		                    : undefined,
		        };
		    },
		    toJSON(message) {
		        const obj = {};
		        if (message.spec?.$case === "hashedRekordRequestV002") {
		            obj.hashedRekordRequestV002 = hashedrekord_1.HashedRekordRequestV002.toJSON(message.spec.hashedRekordRequestV002);
		        }
		        else if (message.spec?.$case === "dsseRequestV002") {
		            obj.dsseRequestV002 = dsse_1.DSSERequestV002.toJSON(message.spec.dsseRequestV002);
		        }
		        return obj;
		    },
		};
		function isSet(value) {
		    return value !== null && value !== undefined;
		} 
	} (entry));
	return entry;
}

var hasRequiredV2;

function requireV2 () {
	if (hasRequiredV2) return v2;
	hasRequiredV2 = 1;
	(function (exports) {
		var __createBinding = (v2 && v2.__createBinding) || (Object.create ? (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    var desc = Object.getOwnPropertyDescriptor(m, k);
		    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
		      desc = { enumerable: true, get: function() { return m[k]; } };
		    }
		    Object.defineProperty(o, k2, desc);
		}) : (function(o, m, k, k2) {
		    if (k2 === undefined) k2 = k;
		    o[k2] = m[k];
		}));
		var __exportStar = (v2 && v2.__exportStar) || function(m, exports) {
		    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
		};
		Object.defineProperty(exports, "__esModule", { value: true });
		/*
		Copyright 2025 The Sigstore Authors.

		Licensed under the Apache License, Version 2.0 (the "License");
		you may not use this file except in compliance with the License.
		You may obtain a copy of the License at

		    http://www.apache.org/licenses/LICENSE-2.0

		Unless required by applicable law or agreed to in writing, software
		distributed under the License is distributed on an "AS IS" BASIS,
		WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
		See the License for the specific language governing permissions and
		limitations under the License.
		*/
		__exportStar(requireDsse(), exports);
		__exportStar(requireEntry(), exports);
		__exportStar(requireHashedrekord(), exports);
		__exportStar(requireVerifier(), exports); 
	} (v2));
	return v2;
}

var distExports = requireDist();

export { requireDist as a, requireDist$1 as b, requireV2 as c, distExports as d, requireDist$2 as r };
