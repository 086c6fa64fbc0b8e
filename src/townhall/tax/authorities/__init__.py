"""England's council tax billing authorities, and which of them have a bundled scheme.

`england.csv` lists the 296 billing authorities in existence on 1 April 2025 (the 2025/26
council tax year), one row each: GSS code, official name, short name, class, region, a note and
the source. The same 296 billed in 2023/24 and 2024/25: the last reorganisations took effect on
1 April 2023 (Cumberland, Westmorland and Furness, North Yorkshire and Somerset became unitary
authorities), after Buckinghamshire (2020) and North and West Northamptonshire (2021). MHCLG's
council tax statistics count the same number ("all 296 billing authorities ... in existence from
the 1 April 2024", Council Tax levels set by local authorities in England 2024 to 2025: technical
notes, 21 March 2024).

Source: mySociety's UK local authority names and codes dataset, the table of current
authorities (`uk_local_authorities_current.csv`, commit 67ef8b1 of 10 July 2025), keeping the
English authorities that bill (London boroughs and the City of London, metropolitan districts,
unitary authorities and non-metropolitan districts). Its region is the English region (ONS's
nine); its class is mySociety's local-authority type, renamed:

| mySociety type | class here | count |
| --- | --- | --- |
| London borough (LBO), City corporation (CC) | `london_borough` | 33 |
| Metropolitan district (MD) | `metropolitan_district` | 36 |
| Unitary authority (UA), with the Isles of Scilly | `unitary` | 63 |
| Non-metropolitan district (NMD) | `shire_district` | 164 |

The City of London Corporation and the Council of the Isles of Scilly are neither London
borough nor unitary in law; each is counted with the class its GSS code prefix (E09, E06) puts it
in, and its row says so in `note`. mySociety's table of future authorities (same commit) lists
no change to a billing authority in 2025/26 or 2026/27, so the list serves both years; a
reorganisation that takes effect later needs a new file for its year.

`register` loads the file and says which authorities have a bundled scheme (`coverage`).
"""
