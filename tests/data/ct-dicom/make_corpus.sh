#!/bin/sh
# Rebuilds the DICOM test corpus with Debian's DCMTK and GDCM (apt-get install -y dcmtk libgdcm-tools).
# Sources (make_sources.py) -> dump2dcm (Explicit VR LE) -> every transfer syntax the reader supports,
# plus files in syntaxes it must refuse. For each .dcm, dcmdump's output is recorded in a .txt beside it.
set -eu
cd "$(dirname "$0")"
rm -f ./*.dcm ./*.txt ./*.raw ./*.dump sources.txt
python3 make_sources.py .

for s in $(cut -d' ' -f1 sources.txt); do
  dump2dcm "$s.dump" "${s}_ele.dcm"
  dcmconv +ti "${s}_ele.dcm" "${s}_ile.dcm"
  dcmconv +tb "${s}_ele.dcm" "${s}_ebe.dcm"
  dcmconv +td "${s}_ele.dcm" "${s}_def.dcm"
  dcmcrle "${s}_ele.dcm" "${s}_rle.dcm"
done

# JPEG Lossless (not for 32 bits, nor for 12-of-16 with garbage high bits, which DCMTK refuses).
for s in ct16s mono8 rgb8 multi16 s8; do
  dcmcjpeg +e1 "${s}_ele.dcm" "${s}_jpl70.dcm"
  dcmcjpeg +el "${s}_ele.dcm" "${s}_jpl57.dcm"
done
for sv in 1 2 3 4 5 7; do
  dcmcjpeg +el +sv $sv ct16s_ele.dcm "ct16s_jpl57sv$sv.dcm"
done

# Frames split over several fragments: with a basic offset table, without one (found by SOI markers),
# and a single RLE frame in 1 KB fragments (DCMTK calls that non-standard; readers should cope).
dcmcjpeg +e1 +fs 1 multi16_ele.dcm multi16_jpl70frag.dcm
dcmcjpeg +e1 +fs 1 -ot multi16_ele.dcm multi16_jpl70fragnobot.dcm
dcmcjpeg +e1 +fs 1 ct16s_ele.dcm ct16s_jpl70frag.dcm
dcmcrle +fs 1 ct16s_ele.dcm ct16s_rlefrag.dcm

# Another encoder: GDCM's RLE and JPEG Lossless, and its planar-configuration change.
gdcmconv --rle ct16s_ele.dcm ct16s_gdcmrle.dcm
gdcmconv --jpeg ct16s_ele.dcm ct16s_gdcmjpl.dcm
gdcmconv --jpeg rgb8_ele.dcm rgb8_gdcmjpl.dcm
gdcmconv --jpeg multi16_ele.dcm multi16_gdcmjpl.dcm

# Layout variants: undefined lengths, no preamble/meta (bare data sets).
dcmconv +ti -e ct16s_ele.dcm ct16s_ileundef.dcm
dcmconv +te -e ct16s_ele.dcm ct16s_eleundef.dcm
dcmconv +ti -F ct16s_ele.dcm ct16s_bareile.dcm
dcmconv +te -F ct16s_ele.dcm ct16s_bareele.dcm

# Syntaxes the reader must refuse with the right command in the message.
dcmcjpeg +eb mono8_ele.dcm mono8_jpegbaseline.dcm
dcmcjpls mono8_ele.dcm mono8_jpegls.dcm
gdcmconv --j2k mono8_ele.dcm mono8_j2k.dcm

# dcmdump's view of each file (values as UTF-8, UIDs as numbers, pixel data not loaded).
for f in *.dcm; do
  dcmdump -M +U8 -Un +L "$f" > "${f%.dcm}.txt"
done
rm -f ./*.dump
du -ch ./*.dcm ./*.raw ./*.txt | tail -1
