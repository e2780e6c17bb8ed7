/* _dcscan: the DC coefficients of a baseline JPEG, its AC coefficients skipped.
 *
 * A thumbnail at 1/8 scale needs one value per 8x8 block (the DC coefficient), yet a JPEG
 * decoder must still walk every Huffman code of the file to find them: that walk is nearly all
 * of a 24-MP thumbnail's time. libjpeg-turbo decodes each AC code, then reads its magnitude
 * bits; here one table lookup skips a code with its magnitude bits and, most of the time, the
 * codes after it that the same 12 bits hold. Nothing is stored but the DC values.
 *
 * A progressive JPEG carries its DC coefficients in scans of their own near the start: those
 * are read, every AC scan is stepped over (a search for its end), and the reading stops once
 * the DC values are whole.
 *
 * 8-bit Huffman JPEGs, sequential or progressive, greyscale or three components, are read.
 * Everything else (arithmetic, lossless, 12-bit, CMYK) and damaged data return None: the caller
 * then decodes with Pillow, which gives its own reason for damage. The input is untrusted:
 * every read is bounds-checked.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FAST_BITS 12 /* codes up to this length resolve in one lookup */
#define FAST_MASK ((1 << FAST_BITS) - 1)
#define MAX_SAMPLING 4

typedef struct {
    int defined;
    int count;              /* symbols in the table */
    int32_t mincode[17];    /* first code of each length */
    int32_t maxcode[17];    /* last code of each length, -1 when none */
    int32_t valoffset[17];  /* symbols[valoffset[l] + code] is the symbol of code */
    uint8_t symbols[256];
    /* By the next FAST_BITS bits; 0 when they start with a longer code.
     * DC: (length << 8) | symbol.
     * AC, low half: as many whole codes with their magnitude bits as these bits hold (grain
     * makes ~5 bits a code): their length (5 bits), how far they move the coefficient index
     * (6 bits), whether the last is the end of block (bit 12). Or only the first code, when it
     * does not fit. High half: the first code alone, the same way. */
    uint32_t fast[1 << FAST_BITS];
} Huff;

typedef struct {
    int id, h, v, tq;
    int td, ta; /* tables of the current scan */
    int q;      /* its DC step, as libjpeg takes it: when its first scan starts */
} Comp;

typedef struct {
    const uint8_t *p, *end;
    uint64_t buf; /* valid bits at the top */
    int bits;
    int padded;   /* bytes of zeros fed in place of a marker or past the end */
} Bits;

#define AC_EOB 0x1000
#define AC_LENGTH(e) ((e) & 31)
#define AC_MOVE(e) (((e) >> 5) & 63)

static inline uint64_t be64(uint64_t x)
{
#if defined(__GNUC__) || defined(__clang__)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return __builtin_bswap64(x);
#else
    return x;
#endif
#else
    const uint8_t *b = (const uint8_t *)&x;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | b[i];
    return v;
#endif
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static void fill_slow(Bits *b)
{
    while (b->bits <= 56) {
        unsigned c = 0;
        if (b->p < b->end) {
            c = *b->p;
            if (c != 0xFF) {
                b->p++;
            } else if (b->p + 1 < b->end && b->p[1] == 0x00) {
                b->p += 2; /* a stuffed 0xFF */
            } else {
                c = 0; /* a marker: the scan's data ends here */
                b->padded++;
            }
        } else {
            b->padded++;
        }
        b->buf |= (uint64_t)c << (56 - b->bits);
        b->bits += 8;
    }
}

/* Tops the buffer up to at least 56 bits: eight bytes at once when none is 0xFF (most of the
 * time), the bits of a byte loaded but not counted being the same bits the next fill loads.
 * Called before every lookup: a branch on the bits left would be mispredicted often. */
static inline void fill(Bits *b)
{
    if (b->end - b->p >= 8) {
        uint64_t x;
        memcpy(&x, b->p, 8);
        uint64_t inverse = ~x; /* a 0xFF byte is a zero byte of this */
        if (!((inverse - ONES) & ~inverse & HIGHS)) {
            b->buf |= be64(x) >> b->bits;
            b->p += (63 - b->bits) >> 3;
            b->bits |= 56; /* bits + 8 * the bytes taken */
            return;
        }
    }
    if (b->bits < 32)
        fill_slow(b);
}

/* True when the bits consumed so far lie within the data (none of the zeros fed was used). */
static int within_data(const Bits *b)
{
    return (int64_t)b->padded * 8 <= b->bits;
}

static inline void drop(Bits *b, int n)
{
    b->buf <<= n;
    b->bits -= n;
}

/* One symbol whose code is longer than FAST_BITS. -1 on a code the table does not have. */
static int decode_slow(Bits *b, const Huff *t)
{
    for (int l = FAST_BITS + 1; l <= 16; l++) {
        int32_t code = (int32_t)(b->buf >> (64 - l));
        if (t->maxcode[l] >= 0 && code <= t->maxcode[l] && code >= t->mincode[l]) {
            int32_t index = t->valoffset[l] + code;
            if (index < 0 || index >= t->count)
                return -1;
            drop(b, l);
            return t->symbols[index];
        }
    }
    return -1;
}

/* Each AC entry's low half becomes the run of whole codes its bits hold; the high half keeps
 * the first code alone. */
static void chain_codes(Huff *t)
{
    for (int i = 0; i < (1 << FAST_BITS); i++)
        t->fast[i] |= t->fast[i] << 16;
    for (int i = 0; i < (1 << FAST_BITS); i++) {
        uint32_t first = t->fast[i] >> 16;
        if (!first || AC_LENGTH(first) > FAST_BITS)
            continue; /* none, or one code with its magnitude is all these bits can say */
        int used = 0, move = 0, end = 0;
        while (used < FAST_BITS) {
            uint32_t next = t->fast[(i << used) & FAST_MASK] >> 16;
            if (!next || (int)AC_LENGTH(next) > FAST_BITS - used || move + (int)AC_MOVE(next) > 63)
                break;
            used += AC_LENGTH(next);
            if (next & AC_EOB) {
                end = 1;
                break;
            }
            move += AC_MOVE(next);
        }
        t->fast[i] = (t->fast[i] & 0xFFFF0000u) | (uint32_t)used | ((uint32_t)move << 5) |
                     (end ? AC_EOB : 0);
    }
}

/* ``counts`` and ``symbols`` are the caller's copies: the input is read once. */
static int build_table(Huff *t, const uint8_t *counts, const uint8_t *symbols, int count, int ac)
{
    int32_t code = 0;
    int k = 0;
    memset(t, 0, sizeof(*t));
    memcpy(t->symbols, symbols, count);
    t->count = count;
    for (int l = 1; l <= 16; l++) {
        t->mincode[l] = code;
        t->valoffset[l] = k - code;
        code += counts[l - 1];
        k += counts[l - 1];
        if (code >= (1 << l))
            return 0; /* more codes than this length holds, or an all-ones code: libjpeg
                       * refuses both ("Bogus Huffman table") */
        t->maxcode[l] = counts[l - 1] ? code - 1 : -1;
        code <<= 1;
    }
    /* the lookup table: every FAST_BITS-bit prefix that starts with a short code */
    code = 0;
    k = 0;
    for (int l = 1; l <= FAST_BITS; l++) {
        for (int i = 0; i < counts[l - 1]; i++, k++, code++) {
            int sym = t->symbols[k];
            uint32_t entry;
            if (!ac) {
                entry = (uint32_t)((l << 8) | sym);
            } else {
                int run = sym >> 4, size = sym & 15;
                if (size)
                    entry = (uint32_t)((l + size) | ((run + 1) << 5));
                else if (run == 15)
                    entry = (uint32_t)(l | (16 << 5)); /* sixteen zeros */
                else
                    entry = (uint32_t)(l | AC_EOB);
            }
            int shift = FAST_BITS - l;
            for (int low = 0; low < (1 << shift); low++)
                t->fast[(code << shift) | low] = entry;
        }
        code <<= 1;
    }
    if (ac)
        chain_codes(t);
    t->defined = 1;
    return 1;
}

static inline int decode_dc(Bits *b, const Huff *t, int *diff)
{
    int sym;
    uint32_t entry = t->fast[b->buf >> (64 - FAST_BITS)];
    if (entry) {
        drop(b, (int)(entry >> 8));
        sym = entry & 0xFF;
    } else {
        sym = decode_slow(b, t);
        if (sym < 0)
            return 0;
    }
    if (sym > 11)
        return 0; /* no 8-bit picture has a DC difference this large */
    if (!sym) {
        *diff = 0;
        return 1;
    }
    int32_t value = (int32_t)(b->buf >> (64 - sym));
    drop(b, sym);
    if (value < (1 << (sym - 1)))
        value -= (1 << sym) - 1; /* the negative half */
    *diff = value;
    return 1;
}

/* Skips a block's 63 AC coefficients. */
static inline int skip_ac(Bits *b, const Huff *t)
{
    int k = 1;
    while (k < 64) {
        /* One fill, then two lookups while 32 bits are left: a lookup's run of codes takes at
         * most FAST_BITS, a single code with its magnitude bits at most 27. */
        fill(b);
        for (int turn = 0; turn < 2 && k < 64 && b->bits >= 32; turn++) {
            uint32_t entry = t->fast[b->buf >> (64 - FAST_BITS)];
            if (entry) {
                if (k + (int)AC_MOVE(entry) >= 64)
                    entry >>= 16; /* the block may end within them: one code at a time */
                drop(b, AC_LENGTH(entry));
                if (entry & AC_EOB)
                    return 1;
                k += AC_MOVE(entry);
                continue;
            }
            int sym = decode_slow(b, t);
            if (sym < 0)
                return 0;
            int run = sym >> 4, size = sym & 15;
            if (size) {
                drop(b, size);
                k += run + 1;
            } else if (run == 15) {
                k += 16;
            } else {
                return 1;
            }
        }
    }
    return 1;
}

/* The next marker at or after p (0xFF, then neither 0x00 nor 0xFF), or NULL. */
static const uint8_t *next_marker(const uint8_t *p, const uint8_t *end)
{
    while (end - p >= 2) {
        const uint8_t *ff = memchr(p, 0xFF, (size_t)(end - p - 1));
        if (!ff)
            return NULL;
        if (ff[1] != 0x00 && ff[1] != 0xFF)
            return ff;
        p = ff + 1;
    }
    return NULL;
}

static inline int is_restart(const uint8_t *marker)
{
    return (marker[1] & 0xF8) == 0xD0;
}

/* The first marker after a scan's data (restart markers belong to the data), or NULL. */
static const uint8_t *scan_end(const uint8_t *p, const uint8_t *end)
{
    const uint8_t *m;
    while ((m = next_marker(p, end)) != NULL && is_restart(m))
        p = m + 2;
    return m;
}

#define MAX_PIXELS 500000000u /* Pillow refuses more than 200 MP: no picture gets here above it */

typedef struct {
    int width, height, ncomp;
    int progressive;
    Comp comp[3];
    int hmax, vmax;
    int restart;
    int adobe_transform; /* -1: no Adobe segment */
    int quant_dc[4];
    int quant_defined[4];
    Huff dc[4], ac[4];
    int blocks_w[3], blocks_h[3]; /* each component's plane: whole MCUs when interleaved */
    int32_t *coef[3];             /* each block's DC coefficient, as far as read */
    int dc_al[3];                 /* low bits of the DC still to come: -1 none read, 0 whole */
} Frame;

typedef struct {
    int ns, order[3]; /* the components, as indexes into Frame.comp */
    int ss, se, ah, al;
    const uint8_t *data;
} Scan;

static inline unsigned be16(const uint8_t *p)
{
    return ((unsigned)p[0] << 8) | p[1];
}

static int start_frame(Frame *f, const uint8_t *seg, unsigned n, int progressive)
{
    if (f->ncomp || n < 6 || seg[0] != 8)
        return 0; /* a second frame, or not 8-bit */
    f->progressive = progressive;
    f->height = (int)be16(seg + 1);
    f->width = (int)be16(seg + 3);
    f->ncomp = seg[5];
    if (!f->height || !f->width || (f->ncomp != 1 && f->ncomp != 3))
        return 0; /* a height given later (DNL), CMYK, two components */
    if ((uint64_t)f->width * (uint64_t)f->height > MAX_PIXELS || n < 6 + 3 * (unsigned)f->ncomp)
        return 0;
    for (int i = 0; i < f->ncomp; i++) {
        Comp *c = &f->comp[i];
        c->id = seg[6 + 3 * i];
        c->h = seg[7 + 3 * i] >> 4;
        c->v = seg[7 + 3 * i] & 15;
        c->tq = seg[8 + 3 * i];
        if (c->h < 1 || c->h > MAX_SAMPLING || c->v < 1 || c->v > MAX_SAMPLING || c->tq > 3)
            return 0;
        if (c->h > f->hmax)
            f->hmax = c->h;
        if (c->v > f->vmax)
            f->vmax = c->v;
    }
    int blocks = 0;
    for (int i = 0; i < f->ncomp; i++) {
        const Comp *c = &f->comp[i];
        blocks += c->h * c->v;
        if (f->hmax % c->h || f->vmax % c->v)
            return 0; /* a fractional upsampling: libjpeg refuses it */
    }
    if (f->ncomp > 1 && (blocks > 10 || f->comp[0].h != f->hmax || f->comp[0].v != f->vmax))
        return 0; /* libjpeg's limit of an MCU; luma coarser than colour would be resized */
    for (int i = 0; i < f->ncomp; i++) {
        const Comp *c = &f->comp[i];
        if (f->ncomp == 1) { /* one component: its own blocks, whatever its sampling says */
            f->blocks_w[i] = (f->width + 7) / 8;
            f->blocks_h[i] = (f->height + 7) / 8;
        } else {
            f->blocks_w[i] = (f->width + 8 * f->hmax - 1) / (8 * f->hmax) * c->h;
            f->blocks_h[i] = (f->height + 8 * f->vmax - 1) / (8 * f->vmax) * c->v;
        }
        f->coef[i] = calloc((size_t)f->blocks_w[i] * (size_t)f->blocks_h[i], sizeof(int32_t));
        if (!f->coef[i])
            return 0;
        f->dc_al[i] = -1;
    }
    return 1;
}

static int start_scan(Frame *f, const uint8_t *seg, unsigned n, Scan *scan)
{
    if (!f->ncomp || n < 1)
        return 0;
    scan->ns = seg[0];
    if (scan->ns < 1 || scan->ns > f->ncomp || n < 4 + 2 * (unsigned)scan->ns)
        return 0;
    const uint8_t *tail = seg + 1 + 2 * scan->ns;
    scan->ss = tail[0];
    scan->se = tail[1];
    scan->ah = tail[2] >> 4;
    scan->al = tail[2] & 15;
    for (int i = 0; i < scan->ns; i++) {
        int id = seg[1 + 2 * i], tables = seg[2 + 2 * i], found = -1;
        for (int j = 0; j < f->ncomp; j++)
            if (f->comp[j].id == id)
                found = j;
        for (int k = 0; k < i; k++)
            if (scan->order[k] == found)
                found = -1; /* named twice */
        if (found < 0)
            return 0;
        Comp *c = &f->comp[found];
        c->td = tables >> 4;
        c->ta = tables & 15;
        scan->order[i] = found;
    }
    if (scan->ss != 0)
        return f->progressive; /* an AC scan of a progressive picture: stepped over */
    if (f->progressive ? scan->se != 0 || scan->al > 13 : scan->se != 63 || scan->ah || scan->al)
        return 0;
    for (int i = 0; i < scan->ns; i++) {
        Comp *c = &f->comp[scan->order[i]];
        int al = f->dc_al[scan->order[i]];
        if (!f->quant_defined[c->tq] || (!scan->ah && al != -1) ||
            (scan->ah && (al != scan->ah || scan->al != scan->ah - 1)))
            return 0; /* read twice, or a refinement that does not follow */
        if (!scan->ah && (c->td > 3 || !f->dc[c->td].defined))
            return 0;
        if (!f->progressive && (c->ta > 3 || !f->ac[c->ta].defined))
            return 0;
        if (al == -1)
            c->q = f->quant_dc[c->tq];
    }
    return 1;
}

/* Reads markers from *at up to the next scan: 1 and the scan, 0 at the end of the picture,
 * -1 for what is not read here. */
static int next_scan(Frame *f, const uint8_t **at, const uint8_t *end, Scan *scan)
{
    const uint8_t *p = *at;
    for (;;) {
        if (end - p < 2 || p[0] != 0xFF)
            return -1;
        while (p < end && *p == 0xFF)
            p++; /* fill bytes */
        if (p >= end)
            return -1;
        unsigned marker = *p++;
        if (marker == 0xD9)
            return 0;
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
            return -1; /* nothing standalone belongs here */
        if (end - p < 2)
            return -1;
        unsigned length = be16(p);
        if (length < 2 || (Py_ssize_t)length > end - p)
            return -1;
        const uint8_t *seg = p + 2;
        unsigned n = length - 2;
        switch (marker) {
        case 0xC0:
        case 0xC1: /* baseline and extended sequential, Huffman */
        case 0xC2: /* progressive, Huffman */
            if (!start_frame(f, seg, n, marker == 0xC2))
                return -1;
            break;
        case 0xC3: case 0xC5: case 0xC6: case 0xC7:
        case 0xC9: case 0xCA: case 0xCB: case 0xCD: case 0xCE: case 0xCF:
            return -1; /* lossless, hierarchical, arithmetic */
        case 0xC4: { /* Huffman tables */
            unsigned pos = 0;
            while (pos < n) {
                if (n - pos < 17)
                    return -1;
                int cls = seg[pos] >> 4, id = seg[pos] & 15;
                if (cls > 1 || id > 3)
                    return -1;
                uint8_t counts[16], symbols[256];
                memcpy(counts, seg + pos + 1, 16);
                int count = 0;
                for (int i = 0; i < 16; i++)
                    count += counts[i];
                if (count > 256 || n - pos - 17 < (unsigned)count)
                    return -1;
                memcpy(symbols, seg + pos + 17, (size_t)count);
                if (!build_table(cls ? &f->ac[id] : &f->dc[id], counts, symbols, count, cls))
                    return -1;
                pos += 17 + count;
            }
            break;
        }
        case 0xDB: { /* quantisation tables: only the DC step is needed */
            unsigned pos = 0;
            while (pos < n) {
                int precision = seg[pos] >> 4, id = seg[pos] & 15;
                unsigned table = precision ? 128 : 64;
                if (precision > 1 || id > 3 || n - pos - 1 < table)
                    return -1;
                f->quant_dc[id] = precision ? (int)be16(seg + pos + 1) : seg[pos + 1];
                f->quant_defined[id] = 1;
                pos += 1 + table;
            }
            break;
        }
        case 0xDD: /* restart interval */
            if (n < 2)
                return -1;
            f->restart = (int)be16(seg);
            break;
        case 0xEE: /* Adobe: says whether three components are YCbCr or RGB */
            if (n >= 12 && memcmp(seg, "Adobe", 5) == 0)
                f->adobe_transform = seg[11];
            break;
        case 0xDA: /* start of scan */
            if (!start_scan(f, seg, n, scan))
                return -1;
            scan->data = p + length;
            *at = scan->data;
            return 1;
        default:
            break; /* APPn, COM and the rest */
        }
        p += length;
    }
}

/* Reads a DC scan: the DC with the AC codes skipped (sequential), the DC's high bits (a
 * progressive first scan) or one more bit of it (a refinement). *after: the next marker. */
static int decode_scan(Frame *f, const Scan *scan, const uint8_t *end, const uint8_t **after)
{
    Bits b = {scan->data, end, 0, 0, 0};
    int64_t pred[3] = {0, 0, 0};
    int interleaved = scan->ns > 1, mcus_x, mcus_y;
    if (interleaved) {
        mcus_x = (f->width + 8 * f->hmax - 1) / (8 * f->hmax);
        mcus_y = (f->height + 8 * f->vmax - 1) / (8 * f->vmax);
    } else { /* one block per MCU, over the component's own blocks */
        const Comp *c = &f->comp[scan->order[0]];
        mcus_x = ((f->width * c->h + f->hmax - 1) / f->hmax + 7) / 8;
        mcus_y = ((f->height * c->v + f->vmax - 1) / f->vmax + 7) / 8;
    }
    int refine = scan->ah != 0, sequential = !f->progressive;
    int todo = f->restart, next_rst = 0; /* restart markers count RST0..RST7 over and over */
    for (int my = 0; my < mcus_y; my++) {
        for (int mx = 0; mx < mcus_x; mx++) {
            if (f->restart) {
                if (todo == 0) {
                    if (!within_data(&b))
                        return 0;
                    /* the bytes buffered all lie before the marker: drop them. Bytes left
                     * before it are skipped, as libjpeg does (with a warning). Another
                     * number than the next (a marker lost or damaged): libjpeg resyncs,
                     * skipping or padding intervals by its own rules; Pillow reads it so */
                    const uint8_t *p = next_marker(b.p, b.end);
                    if (!p || !is_restart(p) || (p[1] & 7) != next_rst)
                        return 0;
                    next_rst = (next_rst + 1) & 7;
                    b.p = p + 2;
                    b.buf = 0;
                    b.bits = 0;
                    b.padded = 0;
                    pred[0] = pred[1] = pred[2] = 0;
                    todo = f->restart;
                }
                todo--;
            }
            for (int s = 0; s < scan->ns; s++) {
                int ci = scan->order[s];
                const Comp *c = &f->comp[ci];
                int hs = interleaved ? c->h : 1, vs = interleaved ? c->v : 1;
                /* checked where used (start_scan); a refinement's may name no table */
                const Huff *dc = &f->dc[c->td & 3], *ac = &f->ac[c->ta & 3];
                for (int v = 0; v < vs; v++) {
                    int32_t *row = f->coef[ci] + (size_t)(my * vs + v) * f->blocks_w[ci];
                    for (int h = 0; h < hs; h++) {
                        int32_t *cell = row + mx * hs + h;
                        fill(&b);
                        if (refine) {
                            if (b.buf >> 63)
                                *cell |= (int32_t)1 << scan->al;
                            drop(&b, 1);
                            continue;
                        }
                        int diff;
                        if (!decode_dc(&b, dc, &diff))
                            return 0;
                        pred[ci] += diff;
                        if (pred[ci] > 32767 || pred[ci] < -32768)
                            return 0; /* no 8-bit picture has such a DC */
                        *cell = (int32_t)(pred[ci] * ((int64_t)1 << scan->al));
                        if (sequential && !skip_ac(&b, ac))
                            return 0;
                    }
                }
            }
        }
        if (b.padded > 64)
            return 0; /* long past the data's end: cut short */
    }
    if (!within_data(&b))
        return 0;
    for (int s = 0; s < scan->ns; s++)
        f->dc_al[scan->order[s]] = scan->al;
    *after = scan_end(b.p, end); /* NULL: the file ends here (no EOI), said by the caller */
    return 1;
}

/* 1 when the markers and scans from p lead to the picture's end marker (EOI). */
static int reaches_end(Frame *f, const uint8_t *p, const uint8_t *end)
{
    while (p) {
        Scan scan;
        int found = next_scan(f, &p, end, &scan);
        if (found <= 0)
            return found == 0;
        if (scan.ss == 0)
            return 0; /* a DC scan after the DC was whole: not a file we understand */
        p = scan_end(scan.data, end);
    }
    return 0;
}

/* 1 when every component's DC is read (whole, or as far as the file has it). */
static int read_picture(Frame *f, const uint8_t *data, Py_ssize_t size)
{
    const uint8_t *p = data, *end = data + size;
    if (size < 4 || p[0] != 0xFF || p[1] != 0xD8)
        return 0;
    p += 2;
    for (;;) {
        Scan scan;
        int found = next_scan(f, &p, end, &scan);
        if (found < 0)
            return 0;
        if (found == 0)
            break; /* the end of the picture */
        if (scan.ss != 0)
            p = scan_end(scan.data, end); /* AC: not needed */
        else if (!decode_scan(f, &scan, end, &p))
            return 0;
        int whole = 1;
        for (int i = 0; i < f->ncomp; i++)
            whole &= f->dc_al[i] == 0;
        /* The rest is AC: a sequential picture is read. A progressive one cut short in its AC
         * scans (still being copied) is left to Pillow, which says so: its scans are stepped
         * over (a search for each one's end) up to its end marker. */
        if (whole)
            return !f->progressive || reaches_end(f, p, end);
        if (!p)
            return 0; /* the file ends before the DC is read */
    }
    for (int i = 0; i < f->ncomp; i++)
        if (f->dc_al[i] < 0)
            return 0;
    return f->ncomp > 0;
}

static inline uint8_t pixel(int64_t dc, int q)
{
    int64_t value = ((dc * q + 4) >> 3) + 128; /* libjpeg's 1x1 inverse DCT */
    return (uint8_t)(value < 0 ? 0 : value > 255 ? 255 : value);
}

PyDoc_STRVAR(dc_planes_doc,
"dc_planes(data) -> (width, height, hmax, vmax, planes) or None\n\n"
"The picture at 1/8 scale from its DC coefficients: one plane per component, a byte per\n"
"8x8 block, (bytes, width, height, h, v) each in the frame's component order, padded to\n"
"whole MCUs. None when the data is not an 8-bit Huffman JPEG (sequential or progressive) of\n"
"one or three YCbCr components, or is damaged. Pass bytes: the scan reads them without the\n"
"GIL, and a buffer that changes meanwhile (a mapped file rewritten) would mislead it.");

static void free_frame(Frame *f)
{
    for (int i = 0; i < 3; i++)
        free(f->coef[i]);
    PyMem_Free(f);
}

static PyObject *dc_planes(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    Frame *f;
    PyObject *result = NULL, *planes[3] = {NULL, NULL, NULL};
    int ok;
    (void)module;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    f = PyMem_Calloc(1, sizeof(Frame));
    if (!f) {
        PyBuffer_Release(&view);
        return PyErr_NoMemory();
    }
    f->adobe_transform = -1;
    Py_BEGIN_ALLOW_THREADS
    ok = read_picture(f, view.buf, view.len);
    Py_END_ALLOW_THREADS
    if (!ok || (f->ncomp == 3 && f->adobe_transform == 0) ||
        (f->ncomp == 3 && f->comp[0].id == 'R' && f->comp[1].id == 'G' && f->comp[2].id == 'B'))
        goto unsupported; /* RGB stored as is: rare, and Pillow knows it */
    for (int i = 0; i < f->ncomp; i++) {
        Py_ssize_t count = (Py_ssize_t)f->blocks_w[i] * f->blocks_h[i];
        planes[i] = PyBytes_FromStringAndSize(NULL, count);
        if (!planes[i])
            goto error;
        uint8_t *out = (uint8_t *)PyBytes_AS_STRING(planes[i]);
        const int32_t *coef = f->coef[i];
        int q = f->comp[i].q;
        Py_BEGIN_ALLOW_THREADS /* new bytes nobody else holds yet */
        for (Py_ssize_t k = 0; k < count; k++)
            out[k] = pixel(coef[k], q);
        Py_END_ALLOW_THREADS
    }
    {
        PyObject *list = PyTuple_New(f->ncomp);
        if (!list)
            goto error;
        for (int i = 0; i < f->ncomp; i++) {
            PyObject *item = Py_BuildValue("(Oiiii)", planes[i], f->blocks_w[i], f->blocks_h[i],
                                           f->ncomp > 1 ? f->comp[i].h : 1,
                                           f->ncomp > 1 ? f->comp[i].v : 1);
            if (!item) {
                Py_DECREF(list);
                goto error;
            }
            PyTuple_SET_ITEM(list, i, item);
        }
        result = Py_BuildValue("(iiiiN)", f->width, f->height, f->ncomp > 1 ? f->hmax : 1,
                               f->ncomp > 1 ? f->vmax : 1, list);
    }
    goto done;
unsupported:
    result = Py_NewRef(Py_None);
    goto done;
error:
    result = NULL;
done:
    for (int i = 0; i < 3; i++)
        Py_XDECREF(planes[i]);
    free_frame(f);
    PyBuffer_Release(&view);
    return result;
}

static PyMethodDef methods[] = {
    {"dc_planes", dc_planes, METH_O, dc_planes_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_dcscan",
    "The DC coefficients of baseline JPEGs, for 1/8-scale thumbnails.", -1, methods,
};

PyMODINIT_FUNC PyInit__dcscan(void)
{
    return PyModule_Create(&module);
}
