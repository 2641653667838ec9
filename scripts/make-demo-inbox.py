#!/usr/bin/env python3
"""Write the Relance demo inbox (fixtures/demo/inbox) and its ground truth
(fixtures/demo/EXPECTED.md).

Deterministic: standard library only, random.Random(2026). Re-running it
rewrites the same bytes. Amounts are integers in cents everywhere; they are
formatted only when a file is written.

Story: Demo SARL (entity FR, Paris) and its Belgian branch (entity BE).
As of 2026-11-20. Both ledgers were exported on 2026-11-19 and already contain
every bank line up to 2026-10-31 (bank cut-off; FR conf: bank_booked_until =
2026-10-31). Bank lines after the cut-off are what the reconcile stage must
allocate.

The committed demo is `python3 scripts/make-demo-inbox.py --fec --camt`: the French
entity's ledger as a FEC and the Belgian branch's bank statement as CAMT.053, as the
spec's demo has them. Without the options the same data is written as CSV exports.

Options:
  --fec        write the FR ledger as a FEC, fr/123456789FEC20261120.txt, instead of
               fr/grand-livre-clients.csv (see write_fec: same documents, dates, amounts and
               open amounts at 2026-11-20; due dates from the customers' terms).
  --camt       write the BE bank statement as CAMT.053, be/bank/extrait-2026-11.xml, instead of
               be/bank/extrait-2026-11.csv (see write_camt: the same lines).
  --out DIR    write DIR/inbox and DIR/EXPECTED.md instead of fixtures/demo.
"""

import argparse

import csv
import datetime as dt
import io
import os
import random
import shutil
import sys
import unicodedata

D = dt.date
AS_OF = D(2026, 11, 20)
CUTOFF = D(2026, 10, 31)
FR_START, FR_END = D(2026, 5, 20), D(2026, 11, 18)
BE_START, BE_END = D(2026, 6, 1), D(2026, 11, 18)
BANK_FROM, BANK_TO = D(2026, 10, 1), D(2026, 11, 19)
HOLIDAYS = {D(2026, 5, 25), D(2026, 7, 14), D(2026, 7, 21), D(2026, 8, 15),
            D(2026, 11, 1), D(2026, 11, 11)}

HERE = os.path.dirname(os.path.abspath(__file__))
_parser = argparse.ArgumentParser(description="Write the Relance demo inbox and EXPECTED.md.")
_parser.add_argument("--fec", action="store_true",
                     help="write the FR ledger as a FEC (fr/123456789FEC20261120.txt) instead of a CSV")
_parser.add_argument("--camt", action="store_true",
                     help="write the BE bank statement as CAMT.053 XML (be/bank/extrait-2026-11.xml) instead of a CSV")
_parser.add_argument("--out", metavar="DIR", help="output folder (default: fixtures/demo)")
ARGS = _parser.parse_args()
DEMO = os.path.abspath(ARGS.out) if ARGS.out else os.path.normpath(os.path.join(HERE, "..", "fixtures", "demo"))
FR_LEDGER = "fr/123456789FEC20261120.txt" if ARGS.fec else "fr/grand-livre-clients.csv"
BE_BANK = "be/bank/extrait-2026-11.xml" if ARGS.camt else "be/bank/extrait-2026-11.csv"
INBOX = os.path.join(DEMO, "inbox")

rng = random.Random(2026)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def bday(d):
    """Same day if a business day, else the next one."""
    while d.weekday() >= 5 or d in HOLIDAYS:
        d += dt.timedelta(days=1)
    return d


def rand_bday(lo, hi):
    while True:
        d = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
        if d.weekday() < 5 and d not in HOLIDAYS:
            return d


def rand_bday_recent(lo, hi):
    """Business day in [lo, hi], weighted towards recent dates (a growing business)."""
    span = (hi - lo).days
    while True:
        if rng.random() < 0.5:
            off = rng.randint(0, span)
        else:
            off = int(rng.triangular(0, span, span))
        d = lo + dt.timedelta(days=off)
        if d.weekday() < 5 and d not in HOLIDAYS:
            return d


def add(d, n):
    return d + dt.timedelta(days=n)


def end_of_month(d):
    nxt = D(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def fr_date(d):
    return d.strftime("%d/%m/%Y") if d else ""


def fmt_fr(c, thousands=False):
    """cents -> '1 234,56' (plain space) or '1234,56'."""
    sign = "-" if c < 0 else ""
    c = abs(c)
    e, cc = divmod(c, 100)
    s = str(e)
    if thousands:
        parts = []
        while len(s) > 3:
            parts.insert(0, s[-3:])
            s = s[:-3]
        parts.insert(0, s)
        s = " ".join(parts)
    return f"{sign}{s},{cc:02d}"


def fmt_dot(c):
    sign = "-" if c < 0 else ""
    e, cc = divmod(abs(c), 100)
    return f"{sign}{e}.{cc:02d}"


def fmt_eur(c):
    """For EXPECTED.md: 1 234,56 (plain spaces)."""
    return fmt_fr(c, True)


def ascii_upper(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return s.upper().replace("Æ", "AE").replace("Œ", "OE")


def iban_check(country, bban):
    num = ""
    for ch in bban + country + "00":
        num += str(int(ch, 36))
    return f"{98 - int(num) % 97:02d}"


def iban_valid(iban):
    s = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in s)) % 97 == 1


def make_iban(country):
    if country == "FR":
        bank = rng.choice(["30004", "30003", "30002", "10278", "18206", "20041", "30066"])
        guichet = f"{rng.randint(0, 99999):05d}"
        account = f"{rng.randint(0, 10**11 - 1):011d}"
        key = 97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(account)) % 97)
        bban = f"{bank}{guichet}{account}{key:02d}"
    elif country == "BE":
        first = f"{rng.choice([0, 1, 3, 7, 6]):01d}{rng.randint(0, 99):02d}{rng.randint(0, 9999999):07d}"
        chk = int(first) % 97 or 97
        bban = f"{first}{chk:02d}"
    elif country == "DE":
        bban = rng.choice(["20050550", "70020270", "70150000", "10070000", "20040000"]) + \
            f"{rng.randint(0, 10**10 - 1):010d}"
    elif country == "NL":
        bban = rng.choice(["ABNA", "INGB", "RABO"]) + f"{rng.randint(0, 10**10 - 1):010d}"
    elif country == "CH":
        bban = rng.choice(["00700", "00230", "08390"]) + f"{rng.randint(0, 10**12 - 1):012d}"
    else:
        raise ValueError(country)
    iban = country + iban_check(country, bban) + bban
    assert iban_valid(iban), iban
    return iban


def make_vat(country):
    if country == "FR":
        digits = [rng.randint(0, 9) for _ in range(8)]
        digits[0] = rng.randint(3, 9)
        for chk in range(10):  # Luhn-valid SIREN
            ds = digits + [chk]
            tot = 0
            for i, x in enumerate(reversed(ds)):
                if i % 2:
                    x *= 2
                    if x > 9:
                        x -= 9
                tot += x
            if tot % 10 == 0:
                break
        siren = int("".join(map(str, ds)))
        return f"FR{(12 + 3 * (siren % 97)) % 97:02d}{siren:09d}"
    if country == "BE":
        first = f"0{rng.randint(2000000, 9999999):07d}"
        return f"BE{first}{97 - int(first) % 97:02d}"
    if country == "DE":
        ds = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        product = 10
        for x in ds:
            s = (x + product) % 10 or 10
            product = (2 * s) % 11
        chk = (11 - product) % 10
        return "DE" + "".join(map(str, ds)) + str(chk)
    if country == "NL":
        return f"NL{rng.randint(10**8, 10**9 - 1)}B01"
    if country == "CH":
        while True:
            ds = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
            chk = 11 - sum(w * x for w, x in zip([5, 4, 3, 2, 7, 6, 5, 4], ds)) % 11
            if chk == 11:
                chk = 0
            if chk != 10:
                break
        s = "".join(map(str, ds)) + str(chk)
        return f"CHE-{s[:3]}.{s[3:6]}.{s[6:]} MWST"
    return ""


def ogm(base10):
    chk = base10 % 97 or 97
    s = f"{base10:010d}{chk:02d}"
    return f"+++{s[:3]}/{s[3:7]}/{s[7:]}+++"


def bucket(days):
    if days <= 0:
        return "not_due"
    for hi, name in ((30, "1-30"), (60, "31-60"), (90, "61-90"), (120, "91-120")):
        if days <= hi:
            return name
    return "121+"


BUCKETS = ["not_due", "1-30", "31-60", "61-90", "91-120", "121+"]

TERMS_DAYS = {"30 jours": 30, "45 jours": 45, "60 jours": 60, "net 30": 30,
              "30 days": 30, "comptant": 0}


def due_from_terms(date, terms):
    t = terms.strip().lower()
    if t == "30 jours fin de mois":          # method a: date + 30, then end of month
        return end_of_month(add(date, 30))
    return add(date, TERMS_DAYS[t])


# --------------------------------------------------------------------------
# customers
# --------------------------------------------------------------------------
# (id, entity, name, contact, email, cc, lang, country, address1, address2,
#  postcode, city, terms, segment, plan, sales_rep, want_iban, phone,
#  n_invoices, median_ht_euros, behaviour, vat_rate_pct, (date_lo, date_hi), stop)
# behaviour: good (pays around due), average (0-20 days late), late (10-45),
# verylate (35-75), bad (stops paying at `stop`).
CUSTOMERS = [
    # ---- entity FR ------------------------------------------------------
    ("C1001", "FR", "Boulangerie Lefèvre SARL", "Sophie Lefèvre", "compta@lefevre-boulangerie.example", "",
     "fr", "FR", "18 rue Oberkampf", "", "75011", "Paris", "30 jours", "", "", "", True,
     "+33 1 43 57 21 08", 8, 520, "good", 20, None, None),
    ("C1002", "FR", "Société Générale de Transports SAS", "Marc Delaunay",
     "factures@sgt-transports.example;comptabilite@sgt-transports.example", "tresorerie@sgt-transports.example",
     "fr", "FR", "45 avenue Jean Jaurès", "Bâtiment C", "69007", "Lyon", "60 jours", "key_account", "",
     "m.bernard@demo.example", True, "+33 4 78 61 32 90", 15, 5200, "average", 20, None, None),
    ("C1003", "FR", "Électricité Ménard & Fils", "Olivier Ménard", "compta@menard-electricite.example", "",
     "fr", "FR", "7 rue de la Fosse", "", "44000", "Nantes", "30 jours", "", "", "", False,
     "+33 2 40 48 17 63", 6, 1500, "good", 20, None, None),
    ("C1004", "FR", "Crèmerie Dubois", "Nathalie Dubois", "nathalie.dubois@cremerie-dubois.example", "",
     "fr", "FR", "12 place du Théâtre", "", "59000", "Lille", "30 jours", "", "", "", False,
     "+33 3 20 55 14 27", 5, 380, "bad", 20, (D(2026, 5, 20), D(2026, 7, 20)), D(2026, 5, 25)),
    ("C1005", "FR", "Bâtiment Rousseau SAS", "Thierry Rousseau", "comptabilite@rousseau-batiment.example", "",
     "fr", "FR", "Zone industrielle de Bruges", "14 rue Jean Perrin", "33520", "Bruges", "45 jours", "",
     "", "s.lambert@demo.example", True, "+33 5 56 39 70 12", 7, 3400, "bad", 20,
     (D(2026, 5, 20), D(2026, 9, 18)), D(2026, 6, 12)),
    ("C1006", "FR", "Hôtel du Parc Saint-Jacques SARL", "Isabelle Caron", "direction@hotel-parc-stjacques.example", "",
     "fr", "FR", "3 boulevard Saint-Jacques", "", "75014", "Paris", "30 jours", "", "", "", False,
     "+33 1 45 89 02 36", 6, 1350, "late", 20, None, None),
    ("C1007", "FR", "Librairie Garnier & Cie", "Paul Garnier", "compta@librairie-garnier.example", "",
     "fr", "FR", "22 rue Mercière", "", "69002", "Lyon", "30 jours", "", "", "", True,
     "+33 4 72 41 66 05", 5, 640, "good", 20, None, None),
    ("C1008", "FR", "Pharmacie Chevalier", "Dr Anne Chevalier", "pharmacie.chevalier@officine.example", "",
     "fr", "FR", "41 cours de l'Intendance", "", "33000", "Bordeaux", "net 30", "", "", "", False,
     "+33 5 56 44 28 91", 5, 410, "good", 20, None, None),
    ("C1009", "FR", "Restaurant L'Épicurien SARL", "Julien Perret", "gerance@lepicurien-lyon.example", "",
     "fr", "FR", "9 quai Romain Rolland", "", "69005", "Lyon", "30 jours", "", "", "", False,
     "+33 4 78 37 50 44", 6, 820, "late", 20, None, None),
    ("C1010", "FR", "Garage Moreau Automobiles SAS", "Franck Moreau", "compta@garage-moreau.example", "",
     "fr", "FR", "112 route de Vannes", "", "44300", "Nantes", "30 jours", "", "", "m.bernard@demo.example",
     True, "+33 2 40 76 13 58", 6, 1150, "late", 20, None, None),
    ("C1011", "FR", "Imprimerie Lambert SA", "Chantal Lambert", "factures@imprimerie-lambert.example", "",
     "fr", "FR", "5 rue du Faubourg de Roubaix", "BP 20145", "59800", "Lille", "45 jours", "", "", "",
     False, "+33 3 20 06 81 47", 7, 2300, "average", 20, None, None),
    ("C1012", "FR", "Cabinet d'Architectes Fournier & Associés", "Hélène Fournier", "admin@fournier-architectes.example",
     "h.fournier@fournier-architectes.example", "fr", "FR", "27 avenue de Messine", "", "75008", "Paris",
     "30 jours", "", "", "", True, "+33 1 53 75 44 10", 5, 2900, "good", 20, None, None),
    ("C1013", "FR", "Menuiserie Girard SARL", "Stéphane Girard", "contact@menuiserie-girard.example", "",
     "fr", "FR", "Lieu-dit La Croix Verte", "", "35000", "Rennes", "30 jours", "", "", "", False,
     "+33 2 99 31 62 75", 5, 2100, "late", 20, None, None),
    ("C1014", "FR", "Transports Faure et Fils SAS", "Gérard Faure", "compta@transports-faure.example", "",
     "fr", "FR", "Port de Bordeaux, hangar 14", "", "33300", "Bordeaux", "60 jours", "", "", "s.lambert@demo.example",
     True, "+33 5 57 19 84 30", 6, 2600, "average", 20, None, None),
    ("C1015", "FR", "Fromagerie Blanc", "Martine Blanc", "", "",
     "fr", "FR", "8 rue d'Alsace-Lorraine", "", "31000", "Toulouse", "30 jours", "", "", "", False,
     "+33 5 61 22 47 19", 4, 330, "good", 20, None, None),
    ("C1016", "FR", "Clinique Vétérinaire des Coteaux SELARL", "Dr Yann Le Goff", "secretariat@veto-coteaux.example", "",
     "fr", "FR", "2 allée des Coteaux", "", "44400", "Rezé", "30 jours", "", "", "", False,
     "+33 2 40 05 93 61", 4, 560, "good", 20, None, None),
    ("C1017", "FR", "Groupe Mercier Distribution SA", "Laurence Mercier", "ap.invoices@mercier-distribution.example",
     "", "fr", "FR", "Parc d'activités de la Vallée", "Bât. 4, 2e étage", "69500", "Bron", "60 jours",
     "key_account", "", "m.bernard@demo.example", True, "+33 4 72 14 90 00", 13, 6800, "average", 20, None, None),
    ("C1018", "FR", "Jean-Pierre Martin", "Jean-Pierre Martin", "jp.martin@laposte-mail.example", "",
     "fr", "FR", "64 rue de la Convention", "Escalier B, 3e étage", "75015", "Paris", "comptant", "consumer",
     "", "", False, "+33 6 12 48 73 05", 2, 230, "good", 20, None, None),
    ("C1019", "FR", "Atelier Roux Décoration EURL", "Camille Roux", "atelier@roux-deco.example", "",
     "fr", "FR", "15 rue Kervégan", "", "44000", "Nantes", "30 jours", "", "", "", False,
     "+33 2 51 72 08 34", 4, 860, "late", 20, None, None),
    ("C1020", "FR", "Brasserie du Vieux-Lille SARL", "Antoine Vasseur", "compta@brasserie-vieux-lille.example", "",
     "fr", "FR", "31 rue de la Monnaie", "", "59800", "Lille", "30 jours", "", "", "", False,
     "+33 3 20 74 15 92", 6, 1050, "verylate", 20, None, None),
    ("C1021", "FR", "Société Nouvelle Perrin Froid SAS", "Didier Perrin", "facturation@perrin-froid.example", "",
     "fr", "FR", "ZA des Glairons", "", "38400", "Saint-Martin-d'Hères", "45 jours", "", "", "s.lambert@demo.example",
     True, "+33 4 76 42 19 86", 5, 3600, "average", 20, None, None),
    ("C1022", "FR", "Caves Bonnet & Fils", "Bernard Bonnet", "factures@@bonnet-caves.example", "",
     "fr", "FR", "4 quai des Chartrons", "", "33000", "Bordeaux", "30 jours", "", "", "", False,
     "+33 5 56 81 37 20", 5, 1200, "good", 20, None, None),
    ("C1023", "FR", "Müller Logistik GmbH", "Katrin Müller", "buchhaltung@mueller-logistik.example", "",
     "de", "DE", "Am Sandtorkai 41", "", "20457", "Hamburg", "net 30", "", "", "", True,
     "+49 40 3861 4470", 9, 4300, "good", 0, None, None),
    ("C1024", "FR", "Schäfer Maschinenbau GmbH", "Jürgen Schäfer", "rechnungen@schaefer-maschinenbau.example", "",
     "de", "DE", "Heilbronner Straße 150", "", "70191", "Stuttgart", "net 30", "", "", "m.bernard@demo.example",
     True, "+49 711 2584 300", 5, 8200, "average", 0, None, None),
    ("C1025", "FR", "Bäckerei Köhler KG", "Monika Köhler", "info@baeckerei-koehler.example", "",
     "de", "DE", "Sendlinger Straße 12", "", "80331", "München", "30 days", "", "", "", False,
     "+49 89 2602 118", 3, 760, "good", 0, None, None),
    ("C1026", "FR", "Van der Meer Bouw B.V.", "Pieter van der Meer", "crediteuren@vandermeer-bouw.example", "",
     "nl", "NL", "Coolsingel 104", "", "3011 AG", "Rotterdam", "net 30", "", "", "", True,
     "+31 10 412 5570", 5, 4600, "average", 0, None, None),
    ("C1027", "FR", "De Groot Installatietechniek BV", "Sanne de Groot", "administratie@degroot-installatie.example", "",
     "nl", "NL", "Oudegracht 212", "", "3511 NR", "Utrecht", "30 days", "", "", "", False,
     "+31 30 231 8846", 4, 1900, "late", 0, None, None),
    ("C1028", "FR", "Zürcher Präzisionstechnik AG", "Reto Baumann", "accounts.payable@zuercher-praezision.example", "",
     "en", "CH", "Hardturmstrasse 161", "", "8005", "Zürich", "30 days", "", "export-en", "", True,
     "+41 44 273 51 90", 4, 5600, "good", 0, None, None),
    # ---- entity BE --------------------------------------------------------
    ("B2001", "BE", "Brasserie de l'Abbaye SRL", "Luc Lambotte", "comptabilite@brasserie-abbaye.example", "",
     "fr", "BE", "Rue Saint-Gilles 58", "", "4000", "Liège", "30 jours", "", "", "j.devos@demo.example", True,
     "+32 4 223 41 87", 8, 1300, "good", 21, None, None),
    ("B2002", "BE", "Van den Berghe BV", "Koen Van den Berghe", "boekhouding@vandenberghe.example", "",
     "nl", "BE", "Korenlei 17", "", "9000", "Gent", "net 30", "", "", "j.devos@demo.example", True,
     "+32 9 225 68 12", 9, 2400, "average", 21, None, None),
    ("B2003", "BE", "Boucherie Lemaire SRL", "Christine Lemaire", "lemaire.boucherie@skynet-mail.example", "",
     "fr", "BE", "Chaussée d'Ixelles 201", "", "1050", "Ixelles", "30 jours", "", "", "", False,
     "+32 2 512 37 64", 6, 680, "late", 21, None, None),
    ("B2004", "BE", "Drukkerij Peeters NV", "Els Peeters", "facturen@drukkerij-peeters.example;els.peeters@drukkerij-peeters.example",
     "", "nl", "BE", "Mechelsesteenweg 88", "", "2018", "Antwerpen", "net 30", "", "", "", True,
     "+32 3 231 90 45", 7, 1800, "good", 21, None, None),
    ("B2005", "BE", "Chocolaterie Dumont SA", "Philippe Dumont", "compta@chocolaterie-dumont.example", "",
     "fr", "BE", "Rue du Marché aux Herbes 34", "", "1000", "Bruxelles", "30 jours", "", "", "", True,
     "+32 2 511 48 20", 8, 1150, "average", 21, None, None),
    ("B2006", "BE", "Bouwbedrijf Janssens & Zonen BV", "Dirk Janssens", "info@janssens-bouw.example", "",
     "nl", "BE", "Noorderlaan 139", "", "2030", "Antwerpen", "30 jours", "", "", "j.devos@demo.example", False,
     "+32 3 541 27 09", 6, 4800, "bad", 21, (D(2026, 6, 1), D(2026, 8, 28)), D(2026, 6, 1)),
    ("B2007", "BE", "Librairie Wauters SRL", "Anne Wauters", "librairie.wauters@example-mail.example", "",
     "fr", "BE", "Rue de la Cathédrale 92", "", "4000", "Liège", "30 jours", "", "", "", False,
     "+32 4 232 16 58", 5, 480, "good", 21, None, None),
    ("B2008", "BE", "Atlantic Advisory Partners SRL", "James O'Connor", "accounts@atlantic-advisory.example", "",
     "en", "BE", "Avenue de Tervueren 12", "", "1040", "Etterbeek", "30 days", "", "", "", True,
     "+32 2 734 55 10", 6, 3500, "late", 21, None, None),
    ("B2009", "BE", "Garage Claes BV", "Bart Claes", "garage.claes@telenet-mail.example", "",
     "nl", "BE", "Brusselsesteenweg 420", "", "9050", "Gentbrugge", "net 30", "", "", "", False,
     "+32 9 230 71 44", 5, 1050, "verylate", 21, None, None),
    ("B2010", "BE", "Pâtisserie Leclercq SRL", "Marie Leclercq", "", "",
     "fr", "BE", "Place du Marché 7", "", "4020", "Liège", "30 jours", "", "", "", False,
     "+32 4 343 02 96", 4, 290, "good", 21, None, None),
    ("B2011", "BE", "Transport Maes NV", "Wim Maes", "finance@transport-maes.example", "",
     "nl", "BE", "Haven 1025, Kaai 730", "", "2030", "Antwerpen", "45 jours", "", "", "", True,
     "+32 3 569 81 20", 8, 2900, "average", 21, None, None),
    ("B2012", "BE", "Café des Arts SRL", "Nicolas Servais", "cafedesarts.bxl@example-mail.example", "",
     "fr", "BE", "Rue de la Madeleine 19", "", "1000", "Bruxelles", "30 jours", "", "", "", False,
     "+32 2 502 66 31", 6, 610, "good", 21, None, None),
]

FIELDS = ["cid", "entity", "name", "contact", "email", "cc", "lang", "country", "a1", "a2", "pc",
          "city", "terms", "segment", "plan", "rep", "want_iban", "phone", "n", "size", "beh",
          "vat", "window", "stop"]
customers = [dict(zip(FIELDS, row)) for row in CUSTOMERS]
cust = {c["cid"]: c for c in customers}
for c in customers:
    c["iban"] = make_iban(c["country"]) if c["want_iban"] else ""
    c["vat_number"] = "" if c["segment"] == "consumer" else make_vat(c["country"])
    # the account a customer without a known IBAN pays from (bank files only)
    c["pay_iban"] = c["iban"] or make_iban(c["country"])

PAUSE_CUSTOMER = "C1009"    # Restaurant L'Épicurien: paused until 2026-12-05
PROMISE_CUSTOMER = "B2003"  # Boucherie Lemaire: promise until 2026-11-27


def delay_for(beh):
    if beh == "good":
        return rng.randint(-6, 6)
    if beh == "average":
        return rng.randint(0, 22)
    if beh == "late":
        return rng.randint(15, 60)
    if beh == "verylate":
        return rng.randint(38, 75)
    return rng.randint(0, 20)


def rand_amount(c):
    """cents, gross (tax included)."""
    if c["segment"] == "consumer":
        ht = rng.randint(9500, 52000)
    else:
        ht = int(c["size"] * 100 * rng.lognormvariate(0, 0.55))
        if rng.random() < 0.35:
            ht = ht // 100 * 100        # round-euro quotes
    ttc = (ht * (100 + c["vat"]) + 50) // 100
    if ttc > 1850000:                   # fold back into range without another draw
        ttc = 1850000 - (ttc - 1850000) % 700000 - 1237
    if ttc < 12000:
        ttc = 12000 + ttc % 9000
    return ttc


# --------------------------------------------------------------------------
# documents
# --------------------------------------------------------------------------

def gen_invoices(entity, start, end):
    docs = []
    for c in customers:
        if c["entity"] != entity:
            continue
        lo, hi = c["window"] or (start, end)
        pick = rand_bday if c["window"] else rand_bday_recent
        for k in range(c["n"]):
            date = bday(lo) if (k == 0 and c["beh"] == "bad") else pick(lo, hi)
            docs.append({"cust": c["cid"], "date": date, "amount": rand_amount(c),
                         "kind": "invoice"})
    docs.sort(key=lambda d: (d["date"], d["cust"], d["amount"]))
    for i, d in enumerate(docs, 1):
        d["no"] = f"F2026-{i:04d}" if entity == "FR" else f"BE-2026-{i:04d}"
        c = cust[d["cust"]]
        d["conditions"] = ""
        d["terms"] = c["terms"]
        d["due"] = due_from_terms(d["date"], c["terms"])
        # natural payment date (business day) or None (never)
        if c["beh"] == "bad" and d["date"] >= c["stop"]:
            d["pay"] = None
        elif c["terms"] == "comptant":
            d["pay"] = bday(add(d["date"], rng.randint(1, 12)))
        else:
            d["pay"] = bday(max(add(d["date"], 3), add(d["due"], delay_for(c["beh"]))))
        d["open"] = d["amount"]         # ledger open amount (after cut-off rules below)
        d["ledger_paid_date"] = None
    return docs


fr_inv = gen_invoices("FR", FR_START, FR_END)
be_inv = gen_invoices("BE", BE_START, BE_END)

# FR: a few rows carry terms of their own in "Conditions" (special orders);
# three of them "30 jours fin de mois", Échéance left empty so terms compute it.
fdm_rows = [d for d in fr_inv if d["cust"] in ("C1011", "C1021", "C1006") and d["pay"]]
for d in rng.sample(fdm_rows, 3):
    d["conditions"] = "30 jours fin de mois"
    d["terms"] = "30 jours fin de mois"
    d["due"] = due_from_terms(d["date"], d["terms"])
    d["pay"] = bday(max(add(d["date"], 3), add(d["due"], delay_for(cust[d["cust"]]["beh"]))))
    d["no_due"] = True
for d in fr_inv:
    if not d["conditions"] and rng.random() < 0.08:
        d["conditions"] = cust[d["cust"]]["terms"]

# ledger state at the cut-off: paid when the payment date is on or before it
for d in fr_inv + be_inv:
    if d["pay"] is not None and d["pay"] <= CUTOFF:
        d["open"] = 0
        d["ledger_paid_date"] = d["pay"]

# partly paid in the ledger (payment booked before the cut-off)
def make_ledger_partials(invs, k, exclude):
    pool = [d for d in invs if d["open"] == 0 and d["amount"] >= 100000 and d["pay"]
            and d["due"] <= D(2026, 10, 12) and cust[d["cust"]]["beh"] in ("average", "late", "verylate")
            and d["cust"] not in exclude]
    pool.sort(key=lambda d: d["no"])
    chosen = rng.sample(pool, k)
    for d in chosen:
        paid = d["amount"] * rng.choice([30, 40, 50, 60]) // 100 // 10000 * 10000 or 50000
        d["open"] = d["amount"] - paid
        d["ledger_partial_paid"] = paid
    return chosen

fr_partials = make_ledger_partials(fr_inv, 4, {PAUSE_CUSTOMER})
be_partials = make_ledger_partials(be_inv, 2, {PROMISE_CUSTOMER})


# --------------------------------------------------------------------------
# bank cases FR (credits after the cut-off)
# --------------------------------------------------------------------------
def candidates(invs, exclude, horizon=30, behs=("good", "average"), latest=D(2026, 10, 23)):
    out = [d for d in invs if d["open"] == d["amount"] and d["pay"] and CUTOFF < d["pay"] <= BANK_TO
           and d["cust"] not in exclude and cust[d["cust"]]["beh"] != "bad"]
    out.sort(key=lambda d: d["no"])
    # second tier: invoices this customer would pay a little later, paid early instead
    extra = [d for d in invs if d["open"] == d["amount"] and d["pay"] and BANK_TO < d["pay"] <= add(BANK_TO, horizon)
             and d["date"] <= latest and d["cust"] not in exclude
             and cust[d["cust"]]["beh"] in behs]
    extra.sort(key=lambda d: d["no"])
    for d in extra:
        d["pay"] = rand_bday(max(add(d["date"], 10), D(2026, 11, 2)), BANK_TO)
    return out + extra


fr_cands = candidates(fr_inv, {PAUSE_CUSTOMER})
used = set()
fr_cases = []   # dict(kind, date, cust, docs=[(doc, alloc)], amount, unapplied)


def take(pred=lambda d: True, pool=None):
    pool = fr_cands if pool is None else pool
    for d in pool:
        if d["no"] not in used and pred(d):
            used.add(d["no"])
            return d
    raise SystemExit("not enough bank candidates")


# two payments of two invoices each (same customer); Müller first if it can
by_cust = {}
for d in fr_cands:
    by_cust.setdefault(d["cust"], []).append(d)
multi_custs = [cid for cid in sorted(by_cust, key=lambda k: (k != "C1023", k)) if len(by_cust[cid]) >= 2][:2]
assert len(multi_custs) == 2, multi_custs
for cid in multi_custs:
    a, b = by_cust[cid][0], by_cust[cid][1]
    used.update({a["no"], b["no"]})
    fr_cases.append({"kind": "two invoices", "date": max(a["pay"], b["pay"]), "cust": cid,
                     "docs": [(a, a["open"]), (b, b["open"])], "amount": a["open"] + b["open"], "unapplied": 0})

# invoice minus an open credit note, quoted together
inv_cn = take(lambda d: d["amount"] >= 150000 and d["cust"] not in multi_custs and d["pay"] >= D(2026, 11, 6))
cn_amount = -(inv_cn["amount"] * rng.choice([10, 12, 15]) // 100 // 100 * 100)
cn_for_bank = {"cust": inv_cn["cust"], "date": bday(add(inv_cn["date"], 9)), "amount": cn_amount,
               "kind": "credit_note", "open": cn_amount, "ledger_paid_date": None,
               "note": f"avoir sur {inv_cn['no']} (remise qualité)"}
assert cn_for_bank["date"] < inv_cn["pay"] and cn_for_bank["date"] <= FR_END
fr_cases.append({"kind": "invoice minus credit note", "date": inv_cn["pay"], "cust": inv_cn["cust"],
                 "docs": [(inv_cn, inv_cn["open"]), (cn_for_bank, cn_amount)],
                 "amount": inv_cn["open"] + cn_amount, "unapplied": 0})

# two partial payments
for share in (50, 30):
    d = take(lambda d: d["amount"] >= 120000)
    paid = d["open"] * share // 100 // 10000 * 10000
    fr_cases.append({"kind": "partial", "date": d["pay"], "cust": d["cust"], "docs": [(d, paid)],
                     "amount": paid, "unapplied": 0})

# one overpayment
d = take(lambda d: 30000 <= d["amount"] <= 800000)
paid = (d["open"] // 10000 + 1) * 10000
if paid - d["open"] < 1000:
    paid += 10000
fr_cases.append({"kind": "overpayment", "date": d["pay"], "cust": d["cust"], "docs": [(d, d["open"])],
                 "amount": paid, "unapplied": paid - d["open"]})

# single exact payments (up to 15); remaining candidates simply have not paid yet
singles = 0
for d in fr_cands:
    if singles == 15:
        break
    if d["no"] in used:
        continue
    used.add(d["no"])
    singles += 1
    fr_cases.append({"kind": "exact", "date": d["pay"], "cust": d["cust"], "docs": [(d, d["open"])],
                     "amount": d["open"], "unapplied": 0})
assert singles >= 13, singles

# credit notes FR: 3 settled earlier, 1 open (unrelated), 1 open used by the bank case
fr_cns = [cn_for_bank]
settled_pool = sorted([d for d in fr_inv if d["open"] == 0 and d["date"] <= D(2026, 9, 10)
                       and cust[d["cust"]]["beh"] in ("good", "average")], key=lambda d: d["no"])
for d in rng.sample(settled_pool, 3):
    full = rng.random() < 0.34
    amt = -d["amount"] if full else -(d["amount"] * rng.choice([5, 10, 20]) // 100)
    fr_cns.append({"cust": d["cust"], "date": bday(add(d["date"], rng.randint(4, 15))), "amount": amt,
                   "kind": "credit_note", "open": 0, "ledger_paid_date": None,
                   "note": f"avoir sur {d['no']}" + (" (annulation)" if full else "")})
open_cn_base = sorted([d for d in fr_inv if d["cust"] == "C1020" and d["open"] > 0], key=lambda d: d["no"])[0]
amt = -(open_cn_base["amount"] * 20 // 100)
fr_cns.append({"cust": "C1020", "date": bday(max(add(open_cn_base["date"], 12), D(2026, 10, 20))),
               "amount": amt, "kind": "credit_note", "open": amt, "ledger_paid_date": None,
               "note": f"avoir sur {open_cn_base['no']} (fûts consignés repris)"})
fr_cns.sort(key=lambda d: (d["date"], d["cust"]))
for i, d in enumerate(fr_cns, 1):
    d["no"] = f"AV2026-{i:03d}"
    d["due"] = d["date"]
    d["conditions"] = ""
    d["terms"] = ""

# three credits nobody can place
fr_unmatched = [
    {"kind": "unmatched", "date": D(2026, 11, 9), "payer": "SARL INCONNUE", "amount": 145000,
     "label": "VIR SEPA RECU /DE SARL INCONNUE /MOTIF REGLEMENT"},
    {"kind": "unmatched", "date": D(2026, 11, 13), "payer": "M OU MME DURAND PHILIPPE", "amount": 28740,
     "label": "VIR SEPA RECU /DE M OU MME DURAND PHILIPPE /MOTIF ACOMPTE COMMANDE"},
    {"kind": "unmatched", "date": D(2026, 11, 17), "payer": "", "amount": 61200,
     "label": "REMISE CHEQUE 8841207"},
]


# --------------------------------------------------------------------------
# bank cases BE
# --------------------------------------------------------------------------
be_cands = candidates(be_inv, {PROMISE_CUSTOMER}, 50, ("good", "average", "late"), D(2026, 11, 4))
be_cases = []
be_used = set()
partial_done = False
free_text = 0
for d in be_cands:
    if len(be_cases) == 16:
        break
    be_used.add(d["no"])
    if not partial_done and d["amount"] >= 100000:
        paid = d["open"] * 60 // 100 // 10000 * 10000
        be_cases.append({"kind": "partial", "date": d["pay"], "cust": d["cust"], "docs": [(d, paid)],
                         "amount": paid, "unapplied": 0, "style": "ogm"})
        partial_done = True
        continue
    style = "ogm"
    if free_text < 3 and len(be_cases) % 4 == 2:
        style = "text"
        free_text += 1
    be_cases.append({"kind": "exact", "date": d["pay"], "cust": d["cust"], "docs": [(d, d["open"])],
                     "amount": d["open"], "unapplied": 0, "style": style})
assert partial_done and free_text == 3 and len(be_cases) >= 14, (partial_done, free_text, len(be_cases))

# BE credit notes: one settled, one open
be_cns = []
p = sorted([d for d in be_inv if d["open"] == 0 and d["date"] <= D(2026, 9, 1)], key=lambda d: d["no"])
b1 = rng.choice(p)
a1 = -(b1["amount"] * 10 // 100)
be_cns.append({"cust": b1["cust"], "date": bday(add(b1["date"], 6)), "amount": a1, "kind": "credit_note",
               "open": 0, "ledger_paid_date": None, "note": f"credit note on {b1['no']}"})
p = sorted([d for d in be_inv if d["open"] == 0 and d["cust"] == "B2011" and d["date"] <= D(2026, 10, 9)],
           key=lambda d: d["no"])
b2 = p[-1]
a2 = -(b2["amount"] * 15 // 100)
be_cns.append({"cust": "B2011", "date": min(bday(max(add(b2["date"], 12), D(2026, 10, 19))), BE_END), "amount": a2,
               "kind": "credit_note", "open": a2, "ledger_paid_date": None, "note": f"credit note on {b2['no']}"})
be_cns.sort(key=lambda d: d["date"])
for i, d in enumerate(be_cns, 1):
    d["no"] = f"BE-CN-2026-{i:02d}"
    d["due"] = d["date"]
    d["terms"] = ""

# structured references for BE invoices
seen_refs = set()
for d in be_inv:
    while True:
        base = rng.randrange(10**8, 10**10)
        if base not in seen_refs:
            seen_refs.add(base)
            break
    d["ogm"] = ogm(base)


# --------------------------------------------------------------------------
# already-booked credits (October) and debits
# --------------------------------------------------------------------------
def booked_credits(invs, k):
    pool = [d for d in invs if d["ledger_paid_date"] and BANK_FROM <= d["ledger_paid_date"] <= CUTOFF]
    pool += [d for d in invs if d.get("ledger_partial_paid") and BANK_FROM <= d["pay"] <= CUTOFF]
    pool.sort(key=lambda d: d["no"])
    chosen = rng.sample(pool, min(k, len(pool)))
    chosen.sort(key=lambda d: (d["pay"], d["no"]))
    return chosen


fr_booked = booked_credits(fr_inv, 10)

FR_DEBITS = [
    (D(2026, 10, 2), "PRLV SEPA URSSAF ILE DE FRANCE /MOTIF COTISATIONS SEPTEMBRE", 941200),
    (D(2026, 10, 5), "VIR SEPA EMIS /A SCI PAIX BUREAUX /MOTIF LOYER OCTOBRE", 385000),
    (D(2026, 10, 8), "PRLV SEPA EDF ENTREPRISES /MOTIF FACTURE ELECTRICITE", 41236),
    (D(2026, 10, 15), "PRLV SEPA DGFIP IMPÔTS /MOTIF TVA SEPTEMBRE", 1267300),
    (D(2026, 10, 20), "PRLV SEPA ORANGE BUSINESS /MOTIF ABONNEMENT FIBRE PRO", 14388),
    (D(2026, 10, 28), "VIR SEPA EMIS /A SALAIRES /MOTIF PAIE OCTOBRE", 2854019),
    (D(2026, 10, 30), "FRAIS BANCAIRES OCTOBRE", 4750),
    (D(2026, 11, 3), "PRLV SEPA URSSAF ILE DE FRANCE /MOTIF COTISATIONS OCTOBRE", 938760),
    (D(2026, 11, 4), "VIR SEPA EMIS /A SCI PAIX BUREAUX /MOTIF LOYER NOVEMBRE", 385000),
    (D(2026, 11, 5), "PRLV SEPA AXA FRANCE IARD /MOTIF MULTIRISQUE PRO", 62815),
    (D(2026, 11, 10), "CB BUREAU VALLEE PARIS 2 FOURNITURES", 18642),
    (D(2026, 11, 12), "COMMISSION D'INTERVENTION", 800),
    (D(2026, 11, 16), "PRLV SEPA DGFIP IMPÔTS /MOTIF TVA OCTOBRE", 1194100),
    (D(2026, 11, 17), "VIR SEPA EMIS /A IMPRIMERIE DU SENTIER /MOTIF FACT 88213", 124560),
    (D(2026, 11, 18), "COTISATION OFFRE BUSINESS 12,00 € /MOIS", 1200),
]

BE_DEBITS = [
    (D(2026, 11, 3), make_iban("BE"), "IMMO MEIR NV", "Loyer bureau novembre / huur kantoor november", -245000),
    (D(2026, 11, 5), make_iban("BE"), "RSZ - ONSS", "Cotisations sociales 3e trimestre", -384012),
    (D(2026, 11, 13), "", "", "Frais de tenue de compte", -1250),
    (D(2026, 11, 18), make_iban("BE"), "SPF FINANCES - TVA", "TVA octobre " + ogm(2026100417), -512300),
]
for _, ib, _, _, _ in BE_DEBITS:
    assert not ib or iban_valid(ib), ib


# --------------------------------------------------------------------------
# remittance texts
# --------------------------------------------------------------------------
def payer(cid):
    return ascii_upper(cust[cid]["name"])[:32].rstrip()


def fr_label(case):
    nos = [d["no"] for d, _ in case["docs"]]
    foreign = cust[case["cust"]]["country"] != "FR"
    k = case["kind"]
    if k == "two invoices":
        motif = ("INV " + " ".join(nos)) if foreign else f"FACTURES {nos[0]} ET {nos[1]}"
    elif k == "invoice minus credit note":
        motif = f"{nos[0]} MOINS AVOIR {nos[1]}"
    elif k == "partial":
        motif = rng.choice([f"ACOMPTE SUR FACTURE {nos[0]}", f"{nos[0]} 1ER VERSEMENT"])
    elif foreign:
        motif = rng.choice([f"INV {nos[0]}", f"INVOICE {nos[0]}", f"RECHNUNG {nos[0]}"])
    else:
        motif = rng.choice([f"FACTURE {nos[0]}", f"FACT {nos[0]}", nos[0], f"REGLEMENT FACTURE {nos[0]}",
                            f"facture {nos[0].lower()}", f"FACTURE N° {nos[0]}", f"PAIEMENT {nos[0]}"])
    kind = "VIR SEPA INST RECU" if rng.random() < 0.15 else "VIR SEPA RECU"
    if cust[case["cust"]]["country"] == "CH":
        kind = "VIR INTERNATIONAL RECU"
    return f"{kind} /DE {payer(case['cust'])} /MOTIF {motif}"


for case in sorted(fr_cases, key=lambda c: (c["date"], c["docs"][0][0]["no"])):
    case["label"] = fr_label(case)

for d in fr_booked:
    c = cust[d["cust"]]
    amt = d.get("ledger_partial_paid") or d["amount"]
    d["booked_amount"] = amt
    if c["segment"] == "consumer":
        d["booked_label"] = f"REMISE CHEQUE {rng.randint(1000000, 9999999)}"
    else:
        d["booked_label"] = f"VIR SEPA RECU /DE {payer(d['cust'])} /MOTIF FACTURE {d['no']}"


def be_comm(case):
    d = case["docs"][0][0]
    if case["style"] == "ogm":
        return d["ogm"]
    lang = cust[case["cust"]]["lang"]
    return {"fr": f"Facture {d['no']} merci", "nl": f"Factuur {d['no']}",
            "en": f"Invoice {d['no']}"}[lang]


for case in be_cases:
    case["comm"] = be_comm(case)


# --------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------
if os.path.isdir(INBOX):
    shutil.rmtree(INBOX)
for sub in ("fr/banque", "be/bank"):
    os.makedirs(os.path.join(INBOX, sub), exist_ok=True)


def write_csv(path, rows, delimiter, encoding, newline):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    w.writerows(rows)
    with open(os.path.join(INBOX, path), "wb") as f:
        f.write(buf.getvalue().encode(encoding))
    return len(rows) - 1


def xml_escape(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_camt(path, lines):
    """The BE bank lines as one CAMT.053.001.02 statement of the BE entity's account (only with --camt):
    one entry per line, structured communications as `Strd/CdtrRefInf` (issuer BBA), the rest as `Ustrd`."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">',
           '  <BkToCstmrStmt>',
           '    <GrpHdr><MsgId>DEMO-BE-2026-11</MsgId><CreDtTm>2026-11-19T18:00:00+01:00</CreDtTm></GrpHdr>',
           '    <Stmt>',
           '      <Id>BE-2026-11</Id>',
           '      <CreDtTm>2026-11-19T18:00:00+01:00</CreDtTm>',
           '      <Acct><Id><IBAN>BE68539007547034</IBAN></Id><Ccy>EUR</Ccy></Acct>']
    for n, (day, val, amt, ib, name, comm, _) in enumerate(lines, 1):
        ind = "CRDT" if amt > 0 else "DBIT"
        value = "%d.%02d" % (abs(amt) // 100, abs(amt) % 100)
        if comm.startswith("+++"):
            rmt = ('<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>'
                   '<Ref>%s</Ref></CdtrRefInf></Strd>' % "".join(ch for ch in comm if ch.isdigit()))
        else:
            rmt = "<Ustrd>%s</Ustrd>" % xml_escape(comm)
        party = "Dbtr" if amt > 0 else "Cdtr"
        out += ['      <Ntry>',
                '        <Amt Ccy="EUR">%s</Amt>' % value,
                '        <CdtDbtInd>%s</CdtDbtInd>' % ind,
                '        <Sts>BOOK</Sts>',
                '        <BookgDt><Dt>%s</Dt></BookgDt>' % day.isoformat(),
                '        <ValDt><Dt>%s</Dt></ValDt>' % val.isoformat(),
                '        <AcctSvcrRef>BE2026110%03d</AcctSvcrRef>' % n,
                '        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>',
                '        <NtryDtls><TxDtls>',
                '          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>',
                '          <AmtDtls><TxAmt><Amt Ccy="EUR">%s</Amt></TxAmt></AmtDtls>' % value,
                '          <RltdPties><%s><Nm>%s</Nm></%s><%sAcct><Id><IBAN>%s</IBAN></Id></%sAcct></RltdPties>'
                % (party, xml_escape(name), party, party, ib, party),
                '          <RmtInf>%s</RmtInf>' % rmt,
                '        </TxDtls></NtryDtls>',
                '      </Ntry>']
    out += ['    </Stmt>', '  </BkToCstmrStmt>', '</Document>', '']
    with open(os.path.join(INBOX, path), "wb") as f:
        f.write("\n".join(out).encode("utf-8"))
    return len(lines)


# fr/123456789FEC20261120.txt (only with --fec)
FEC_COLUMNS = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
               "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
               "ValidDate", "Montantdevise", "Idevise"]


def write_fec(path, docs):
    """The FR ledger as a FEC whose receivables at 2026-11-20 are exactly those of the CSV.

    Every document is a sales entry (journal VT: 411000 with the customer's auxiliary account,
    706000 for the amount before VAT, 445710 for the VAT), dated its document date. Then:
    - paid invoices (open 0) are lettered (upper-case letters) with their payment, a BQ entry on
      the payment date (all on or before 2026-10-31), DateLet = that date: balanced, settled;
    - partly paid invoices are partially lettered (lower-case letters) with the part paid: the
      rest stays open on the invoice;
    - the credit notes settled in the CSV are lettered with their own invoice (the customer paid
      the invoice net of the credit note), or else with a later paid invoice of the customer;
    - open invoices and open credit notes are not lettered.
    The bank cut-off the FEC gives is its latest BQ date (<= 2026-10-31; the FR conf's
    bank_booked_until = 2026-10-31 decides anyway). Deterministic, draws nothing from rng.

    Due dates: a FEC has none. The customers' terms in customers.csv (`30 jours`, `net 30`,
    `30 days` = +30; `45 jours` = +45; `60 jours` = +60; `comptant` = the document date) give
    every due date of the CSV, except the three invoices whose `Conditions` say `30 jours fin
    de mois` (+30 then end of month, method a): their terms are the document's, which a FEC cannot
    carry, so with the FEC they fall due by their customer's terms unless the conf says otherwise.
    Credit notes are due on their own date.
    """
    by_no = {d["no"]: d for d in docs}
    booked = {d["no"] for d in fr_booked}
    paid_invoices = [d for d in docs if d["kind"] == "invoice" and d["open"] == 0]
    # credit notes settled in the CSV: netted on their own invoice, else on a later paid invoice
    netted = {}
    for cn in (d for d in docs if d["kind"] == "credit_note" and d["open"] == 0):
        own = by_no.get(cn["note"].split()[2])
        later = [d for d in paid_invoices if d["cust"] == cn["cust"] and d["no"] not in booked
                 and d["ledger_paid_date"] >= cn["date"] and d["amount"] + cn["amount"] > 0
                 and d["no"] not in netted]
        if own and own["open"] == 0 and own["no"] not in booked and own["amount"] + cn["amount"] >= 0:
            target = own
        elif later:
            target = sorted(later, key=lambda d: (d["ledger_paid_date"], d["no"]))[0]
        else:
            target = own
        assert target is not None and target["open"] == 0, cn
        netted.setdefault(target["no"], []).append(cn)

    letters = {}

    def next_letter(cid, partial):
        n = letters.get(cid, 0)
        letters[cid] = n + 1
        s = chr(65 + n // 26) + chr(65 + n % 26)
        return s.lower() if partial else s

    lettering = {}   # document -> (letter, DateLet)
    entries = []     # (date, order, journal, piece, piece date, label, [(account, label, aux, auxlib, debit, credit, doc)])
    for d in docs:
        if d["kind"] != "invoice" or d["no"] not in by_no:
            continue
        if d["open"] == 0:
            cns = netted.get(d["no"], [])
            pay = d["ledger_paid_date"]
            paid = d["amount"] + sum(cn["amount"] for cn in cns)
            on = max([pay] + [cn["date"] for cn in cns])
            letter = (next_letter(d["cust"], False), on)
            lettering[d["no"]] = letter
            for cn in cns:
                lettering[cn["no"]] = letter
            if paid > 0:
                entries.append((pay, 1, "BQ", f"REG-{d['no']}", pay, f"Règlement {d['no']}",
                                [("411000", d["cust"], -paid, letter)]))
        elif d["open"] < d["amount"]:
            paid = d["amount"] - d["open"]
            letter = (next_letter(d["cust"], True), d["pay"])
            lettering[d["no"]] = letter
            entries.append((d["pay"], 1, "BQ", f"REG-{d['no']}", d["pay"], f"Acompte {d['no']}",
                            [("411000", d["cust"], -paid, letter)]))
    for d in docs:
        letter = lettering.get(d["no"], ("", None))
        label = ("Facture " if d["kind"] == "invoice" else "Avoir ") + d["no"]
        entries.append((d["date"], 0, "VT", d["no"], d["date"], label, [("411000", d["cust"], d["amount"], letter)]))

    journal_names = {"VT": "Ventes", "BQ": "Banque BNP Paribas"}
    counters = {}
    rows = ["\t".join(FEC_COLUMNS)]

    def line(journal, num, date, account, account_label, aux, auxlib, piece, piece_date, label, amount, letter):
        rows.append("\t".join([
            journal, journal_names[journal], num, date.strftime("%Y%m%d"), account, account_label, aux, auxlib,
            piece, piece_date.strftime("%Y%m%d"), label, fmt_fr(max(amount, 0)), fmt_fr(max(-amount, 0)),
            letter[0], letter[1].strftime("%Y%m%d") if letter[1] else "", date.strftime("%Y%m%d"), "", ""]))

    for date, _, journal, piece, piece_date, label, lines in sorted(entries, key=lambda e: (e[0], e[1], e[3])):
        counters[journal] = counters.get(journal, 0) + 1
        num = f"{journal}{counters[journal]:06d}"
        for account, cid, amount, letter in lines:
            c = cust[cid]
            line(journal, num, date, account, "Clients", cid, c["name"], piece, piece_date, label, amount, letter)
            if journal == "VT":
                ht = (abs(amount) * 100 + (100 + c["vat"]) // 2) // (100 + c["vat"])
                vat = abs(amount) - ht
                sign = -1 if amount > 0 else 1
                line(journal, num, date, "706000", "Prestations de services", "", "", piece, piece_date, label,
                     sign * ht, ("", None))
                if vat:
                    line(journal, num, date, "445710", "TVA collectée", "", "", piece, piece_date, label,
                         sign * vat, ("", None))
            else:
                assert date <= CUTOFF, (piece, date)
                line(journal, num, date, "512000", "Banque BNP Paribas", "", "", piece, piece_date, label,
                     -amount, ("", None))
    with open(os.path.join(INBOX, path), "wb") as f:
        f.write(("\r\n".join(rows) + "\r\n").encode("utf-8"))
    return len(rows) - 1


written = {}

# customers.csv
rows = [["customer_id", "entity", "name", "contact_name", "email", "cc", "language", "country", "address1",
         "address2", "postcode", "city", "terms", "segment", "plan", "sales_rep", "iban", "vat_number", "phone"]]
for c in customers:
    rows.append([c["cid"], c["entity"], c["name"], c["contact"], c["email"], c["cc"], c["lang"], c["country"],
                 c["a1"], c["a2"], c["pc"], c["city"], c["terms"], c["segment"], c["plan"], c["rep"],
                 c["iban"], c["vat_number"], c["phone"]])
written["customers.csv"] = write_csv("customers.csv", rows, ",", "utf-8", "\n")

# fr/grand-livre-clients.csv
rows = [["N° facture", "Code client", "Raison sociale", "Date facture", "Échéance", "Montant TTC", "Reste dû",
         "Devise", "Conditions"]]
fr_docs = sorted(fr_inv + fr_cns, key=lambda d: (d["date"], d["no"]))
for d in fr_docs:
    th = rng.random() < 0.5
    empty_due = d.get("no_due") or (not d.get("conditions") and rng.random() < 0.33)
    if d["kind"] == "credit_note":
        empty_due = rng.random() < 0.5
    d["due_written"] = not empty_due
    rows.append([d["no"], d["cust"], cust[d["cust"]]["name"], fr_date(d["date"]),
                 "" if empty_due else fr_date(d["due"]), fmt_fr(d["amount"], th), fmt_fr(d["open"], th),
                 "EUR", d.get("conditions", "")])
if ARGS.fec:
    # The CSV rows above are still computed: they draw from rng, and the files after depend on it.
    written[FR_LEDGER] = write_fec(FR_LEDGER, fr_docs)
else:
    written["fr/grand-livre-clients.csv"] = write_csv("fr/grand-livre-clients.csv", rows, ";", "utf-8-sig", "\r\n")

# be/open-items.csv
rows = [["Invoice No", "Customer ID", "Customer", "Invoice Date", "Due Date", "Amount", "Open Amount",
         "Currency", "Payment reference"]]
be_docs = sorted(be_inv + be_cns, key=lambda d: (d["date"], d["no"]))
for d in be_docs:
    rows.append([d["no"], d["cust"], cust[d["cust"]]["name"], d["date"].isoformat(), d["due"].isoformat(),
                 fmt_dot(d["amount"]), fmt_dot(d["open"]), "EUR", d.get("ogm", "")])
written["be/open-items.csv"] = write_csv("be/open-items.csv", rows, ",", "utf-8", "\n")

# fr/banque/releve-BNP-2026-11.csv
fr_bank = []   # (date, valeur, label, debit, credit, ref)
for d in fr_booked:
    val = bday(add(d["pay"], 2)) if d["booked_label"].startswith("REMISE") else d["pay"]
    fr_bank.append((d["pay"], val, d["booked_label"], 0, d["booked_amount"], ("booked", d)))
for case in fr_cases:
    fr_bank.append((case["date"], case["date"], case["label"], 0, case["amount"], ("case", case)))
for u in fr_unmatched:
    val = bday(add(u["date"], 2)) if u["label"].startswith("REMISE") else u["date"]
    fr_bank.append((u["date"], val, u["label"], 0, u["amount"], ("unmatched", u)))
for day, label, amt in FR_DEBITS:
    fr_bank.append((day, day, label, amt, 0, ("debit", None)))
fr_bank.sort(key=lambda r: (r[0], r[3] > 0, r[2]))
rows = [["Date opération", "Date valeur", "Libellé", "Débit", "Crédit"]]
for day, val, label, deb, cre, _ in fr_bank:
    assert BANK_FROM <= day <= BANK_TO and day.weekday() < 5 and day not in HOLIDAYS, (day, label)
    rows.append([fr_date(day), fr_date(val), label, fmt_fr(deb) if deb else "", fmt_fr(cre) if cre else ""])
written["fr/banque/releve-BNP-2026-11.csv"] = write_csv("fr/banque/releve-BNP-2026-11.csv", rows, ";",
                                                        "cp1252", "\r\n")

# be/bank/extrait-2026-11.csv
be_bank = []
for case in be_cases:
    c = cust[case["cust"]]
    be_bank.append((case["date"], case["date"], case["amount"], c["pay_iban"], ascii_upper(c["name"]),
                    case["comm"], case))
for day, ib, name, comm, amt in BE_DEBITS:
    be_bank.append((day, day, amt, ib, name, comm, None))
be_bank.sort(key=lambda r: (r[0], r[2] < 0, r[5]))
rows = [["Date", "Date valeur", "Montant", "Devise", "Contrepartie", "Nom contrepartie", "Communication"]]
for day, val, amt, ib, name, comm, _ in be_bank:
    assert CUTOFF < day <= BANK_TO and day.weekday() < 5 and day not in HOLIDAYS
    rows.append([fr_date(day), fr_date(val), fmt_fr(amt), "EUR", ib, name, comm])
if ARGS.camt:
    written[BE_BANK] = write_camt(BE_BANK, be_bank)
else:
    written[BE_BANK] = write_csv(BE_BANK, rows, ";", "utf-8", "\n")


# --------------------------------------------------------------------------
# after-payment state
# --------------------------------------------------------------------------
alloc = {}         # doc no -> allocated after cut-off
unapplied = {}     # cid -> cents
for case in fr_cases + be_cases:
    for d, a in case["docs"]:
        alloc[d["no"]] = alloc.get(d["no"], 0) + a
    if case["unapplied"]:
        unapplied[case["cust"]] = unapplied.get(case["cust"], 0) + case["unapplied"]
all_docs = {"FR": fr_docs, "BE": be_docs}
for docs in all_docs.values():
    for d in docs:
        d["after"] = d["open"] - alloc.get(d["no"], 0)
        assert (d["after"] >= 0) if d["kind"] == "invoice" else (d["after"] <= 0), d["no"]
        d["days"] = (AS_OF - d["due"]).days

# holds
dispute_pool = sorted([d for d in fr_inv if d["after"] == d["open"] and d["open"] > 0
                       and bucket(d["days"]) in ("31-60", "1-30") and d["cust"] != PAUSE_CUSTOMER
                       and cust[d["cust"]]["beh"] in ("average", "late") and cust[d["cust"]]["segment"] == ""
                       and not d.get("ledger_partial_paid")],
                      key=lambda d: (bucket(d["days"]) != "31-60", d["no"]))
disputed = dispute_pool[0]
promise_overdue = sum(d["after"] for d in be_docs if d["cust"] == PROMISE_CUSTOMER and d["days"] >= 1)
assert promise_overdue > 0
pause_open = sum(d["after"] for d in fr_docs if d["cust"] == PAUSE_CUSTOMER)
assert pause_open > 0
holds = [
    ["dispute", disputed["cust"], "FR", disputed["no"], "", "", "Livraison incomplète, avoir demandé",
     "C. Martin"],
    ["promise", PROMISE_CUSTOMER, "BE", "", "2026-11-27", fmt_dot(promise_overdue),
     "Mme Lemaire promet le virement du solde échu pour le 27/11 (appel du 18/11)", "J. Devos"],
    ["pause", PAUSE_CUSTOMER, "FR", "", "2026-12-05", "",
     "Restaurant fermé pour travaux, accord du DAF pour reprendre les relances en décembre", "C. Martin"],
]
rows = [["kind", "customer_id", "entity", "document", "until", "amount", "note", "by"]] + holds
written["holds.csv"] = write_csv("holds.csv", rows, ",", "utf-8", "\n")


# --------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------
for c in customers:
    if c["iban"]:
        assert iban_valid(c["iban"])
for d in be_inv:
    digits = d["ogm"].strip("+").replace("/", "")
    assert (int(digits[:10]) % 97 or 97) == int(digits[10:])
for ent, docs in all_docs.items():
    present = {bucket(d["days"]) for d in docs if d["kind"] == "invoice" and d["after"] > 0}
    if ent == "FR":
        assert present == set(BUCKETS), (ent, present)
    preventive = [d for d in docs if d["kind"] == "invoice" and d["after"] > 0 and -10 <= d["days"] <= -1]
    assert preventive, ent
for docs in all_docs.values():
    for d in docs:
        if d["kind"] == "invoice":
            assert 0 <= d["open"] <= d["amount"]
nos = [d["no"] for docs in all_docs.values() for d in docs]
assert len(nos) == len(set(nos))


# --------------------------------------------------------------------------
# EXPECTED.md
# --------------------------------------------------------------------------
out = []
P = out.append


def md_table(header, rows):
    P("| " + " | ".join(header) + " |")
    P("|" + "|".join("---" for _ in header) + "|")
    for r in rows:
        P("| " + " | ".join(str(x) for x in r) + " |")
    P("")


P("# Demo inbox — expected figures")
P("")
P("Written by `scripts/make-demo-inbox.py` (seed `random.Random(2026)`); regenerate, never edit by hand.")
P("As of **2026-11-20**. All amounts in EUR, written `1 234,56`. The story: Demo SARL (entity `FR`, Paris)")
P("and its Belgian branch (entity `BE`). Both ledgers were exported on 2026-11-19 and already contain the")
P("bank up to **2026-10-31** (bank cut-off: `bank_booked_until = 2026-10-31` for FR; the BE open-items CSV")
P("has no cut-off of its own, but every line of the BE bank file is dated after 2026-10-31, so the figures")
P("are the same with or without `bank_booked_until = 2026-10-31` in `[entity BE]`).")
P("")
P("## Files")
P("")
md_table(["file", "data rows", "dialect"], [
    ["`customers.csv`", written["customers.csv"], "UTF-8, `,`, LF"],
    ["`holds.csv`", written["holds.csv"], "UTF-8, `,`, LF"],
    ["`" + FR_LEDGER + "`", written[FR_LEDGER],
     "FEC: UTF-8, TAB, CRLF, 18 columns, decimal comma, `YYYYMMDD`, lettering" if ARGS.fec else
     "UTF-8 with BOM, `;`, CRLF, decimal comma (`1 234,56` or `1234,56`), `dd/mm/yyyy`"],
    ["`be/open-items.csv`", written["be/open-items.csv"], "UTF-8, `,`, LF, `.` decimal, ISO dates"],
    ["`fr/banque/releve-BNP-2026-11.csv`", written["fr/banque/releve-BNP-2026-11.csv"],
     "Windows-1252, `;`, CRLF, Débit/Crédit columns, decimal comma, `dd/mm/yyyy`"],
    ["`%s`" % BE_BANK, written[BE_BANK],
     "UTF-8, `;`, LF, one signed amount, decimal comma, `dd/mm/yyyy`"],
])
P("Due dates: the ledger's `Échéance`/`Due Date` when given; otherwise the row's `Conditions`, else the")
P("customer's `terms` (`30 jours`, `net 30`, `30 days` = +30; `45 jours` = +45; `60 jours` = +60; `comptant` = the")
P("invoice date; `30 jours fin de mois` = +30 then end of that month, method a). Every `Échéance` written agrees")
P("with that rule. Credit notes are due on their own date. Days overdue = 2026-11-20 − due date.")
P("")


def ent_summary(ent):
    docs = all_docs[ent]
    inv = [d for d in docs if d["kind"] == "invoice"]
    cns = [d for d in docs if d["kind"] == "credit_note"]
    return {
        "rows": len(docs), "inv": len(inv), "cn": len(cns),
        "inv_open": len([d for d in inv if d["open"] > 0]),
        "inv_partial": len([d for d in inv if 0 < d["open"] < d["amount"]]),
        "cn_open": len([d for d in cns if d["open"] != 0]),
        "sum_amount": sum(d["amount"] for d in docs),
        "sum_inv_open": sum(d["open"] for d in inv), "sum_cn_open": sum(d["open"] for d in cns),
        "sum_open": sum(d["open"] for d in docs),
        "no_due": len([d for d in docs if not d["due_written"]]) if ent == "FR" else 0,
        "after_inv_open": len([d for d in inv if d["after"] > 0]),
        "sum_after": sum(d["after"] for d in docs),
    }


S = {e: ent_summary(e) for e in ("FR", "BE")}
P("## Ledgers (as exported, before any bank line after the cut-off)")
P("")
md_table(["", "FR `" + FR_LEDGER + "`", "BE `be/open-items.csv`"], [
    ["rows", S["FR"]["rows"], S["BE"]["rows"]],
    ["invoices", S["FR"]["inv"], S["BE"]["inv"]],
    ["credit notes", S["FR"]["cn"], S["BE"]["cn"]],
    ["rows without `Échéance`", "all (a FEC has no due date)" if ARGS.fec else S["FR"]["no_due"], "0 (all given)"],
    ["sum of `Montant TTC` / `Amount`", fmt_eur(S["FR"]["sum_amount"]), fmt_eur(S["BE"]["sum_amount"])],
    ["open invoices (open amount > 0)", S["FR"]["inv_open"], S["BE"]["inv_open"]],
    ["… of which partly paid", S["FR"]["inv_partial"], S["BE"]["inv_partial"]],
    ["open credit notes", S["FR"]["cn_open"], S["BE"]["cn_open"]],
    ["open amount of invoices", fmt_eur(S["FR"]["sum_inv_open"]), fmt_eur(S["BE"]["sum_inv_open"])],
    ["open amount of credit notes", fmt_eur(S["FR"]["sum_cn_open"]), fmt_eur(S["BE"]["sum_cn_open"])],
    ["**sum of open amounts (net)**", "**" + fmt_eur(S["FR"]["sum_open"]) + "**",
     "**" + fmt_eur(S["BE"]["sum_open"]) + "**"],
])


def case_rows(cases, ent):
    rows = []
    for i, case in enumerate(sorted(cases, key=lambda c: (c["date"], c["docs"][0][0]["no"])), 1):
        docs = "; ".join(f"{d['no']} {fmt_eur(a)}" for d, a in case["docs"])
        text = case.get("label") or case.get("comm")
        rows.append([i, case["date"].isoformat(), fmt_eur(case["amount"]), case["cust"],
                     "`" + text + "`", case["kind"], docs, fmt_eur(case["unapplied"]) if case["unapplied"] else ""])
    return rows


P("## Bank credits after the cut-off (to be allocated)")
P("")
P("### FR — `fr/banque/releve-BNP-2026-11.csv`")
P("")
P("Allocations per document (a credit note's allocation is negative: it is consumed by the payment).")
P("")
md_table(["#", "booking date", "amount", "customer", "libellé", "case", "allocations", "unapplied"],
         case_rows(fr_cases, "FR"))
P("Unmatched (no usable reference, unknown payer; must be listed in `unmatched-payments.csv`):")
P("")
md_table(["booking date", "amount", "libellé"],
         [[u["date"].isoformat(), fmt_eur(u["amount"]), "`" + u["label"] + "`"] for u in fr_unmatched])
fr_alloc_sum = sum(a for c in fr_cases for _, a in c["docs"])
fr_unap = sum(c["unapplied"] for c in fr_cases)
fr_unm = sum(u["amount"] for u in fr_unmatched)
P(f"FR after cut-off: {len(fr_cases) + len(fr_unmatched)} credits, {fmt_eur(fr_alloc_sum + fr_unap + fr_unm)} in total"
  f" = allocated {fmt_eur(fr_alloc_sum)} + unapplied {fmt_eur(fr_unap)} + unmatched {fmt_eur(fr_unm)}"
  f" ({len(fr_cases)} matched credits, {len(fr_unmatched)} unmatched).")
P("")
P("### BE — `%s`" % BE_BANK)
P("")
md_table(["#", "booking date", "amount", "customer", "communication", "case", "allocations", "unapplied"],
         case_rows(be_cases, "BE"))
be_alloc_sum = sum(a for c in be_cases for _, a in c["docs"])
P(f"BE: {len(be_cases)} credits, {fmt_eur(be_alloc_sum)} allocated, nothing unapplied, nothing unmatched"
  f" ({sum(1 for c in be_cases if c['style'] == 'ogm')} by structured communication,"
  f" {sum(1 for c in be_cases if c['style'] == 'text')} by document number in free text).")
P("")
P("## Already booked (credits on or before 2026-10-31: rule `already_booked`, no effect on balances)")
P("")
md_table(["booking date", "amount", "libellé", "settled in the ledger"],
         [[d["pay"].isoformat(), fmt_eur(d["booked_amount"]), "`" + d["booked_label"] + "`",
           d["no"] + (" (partial payment; rest still open)" if d.get("ledger_partial_paid") else "")]
          for d in fr_booked])
P(f"{len(fr_booked)} credits, {fmt_eur(sum(d['booked_amount'] for d in fr_booked))}. The BE bank file has none.")
P("")
P("## Debits (not payments)")
P("")
P(f"- FR: {len(FR_DEBITS)} debits, {fmt_eur(sum(a for _, _, a in FR_DEBITS))}"
  f" ({sum(1 for d, _, _ in FR_DEBITS if d <= CUTOFF)} on or before the cut-off).")
P(f"- BE: {len(BE_DEBITS)} debits, {fmt_eur(sum(a for *_, a in BE_DEBITS))}.")
P("")

P("## Balances per customer after allocation (conservation)")
P("")
P("`ledger open` − `allocated` = `open after` (documents); an overpayment stays as `unapplied` credit and")
P("nets the customer's balance: `net balance` = `open after` − `unapplied`. `overdue after` = open invoices")
P("and credit notes with days overdue ≥ 1 (the overdue buckets, which an overdue credit note nets).")
P("Customers with nothing open and no activity are omitted.")
P("")
rows = []
tot = {}
for c in customers:
    docs = [d for d in all_docs[c["entity"]] if d["cust"] == c["cid"]]
    lo = sum(d["open"] for d in docs)
    al = sum(alloc.get(d["no"], 0) for d in docs)
    af = sum(d["after"] for d in docs)
    un = unapplied.get(c["cid"], 0)
    od = sum(d["after"] for d in docs if d["days"] >= 1)
    assert lo - al == af
    if lo == 0 and al == 0 and un == 0:
        continue
    t = tot.setdefault(c["entity"], [0, 0, 0, 0, 0])
    for i, v in enumerate((lo, al, af, un, od)):
        t[i] += v
    rows.append([c["entity"], c["cid"], c["name"], fmt_eur(lo), fmt_eur(al), fmt_eur(af),
                 fmt_eur(un) if un else "", fmt_eur(af - un), fmt_eur(od)])
for e in ("FR", "BE"):
    t = tot[e]
    rows.append([f"**{e}**", "", "**total**", f"**{fmt_eur(t[0])}**", f"**{fmt_eur(t[1])}**",
                 f"**{fmt_eur(t[2])}**", f"**{fmt_eur(t[3])}**", f"**{fmt_eur(t[2] - t[3])}**",
                 f"**{fmt_eur(t[4])}**"])
    assert t[0] == S[e]["sum_open"] and t[2] == S[e]["sum_after"]
md_table(["entity", "customer", "name", "ledger open", "allocated", "open after", "unapplied", "net balance",
          "overdue after"], rows)

P("## Aged balance after allocation (invoices only, by due date)")
P("")
P("Credit notes and unapplied credits are listed apart and net the totals.")
P("")
rows = []
for e in ("FR", "BE"):
    inv = [d for d in all_docs[e] if d["kind"] == "invoice" and d["after"] > 0]
    cells = []
    for b in BUCKETS:
        sel = [d for d in inv if bucket(d["days"]) == b]
        cells.append(f"{len(sel)} / {fmt_eur(sum(d['after'] for d in sel))}")
    cn_open = sum(d["after"] for d in all_docs[e] if d["kind"] == "credit_note")
    un = sum(v for k, v in unapplied.items() if cust[k]["entity"] == e)
    rows.append([e] + cells + [fmt_eur(sum(d["after"] for d in inv)), fmt_eur(cn_open),
                               fmt_eur(-un) if un else "0,00"])
md_table(["entity"] + BUCKETS + ["invoices open", "credit notes", "unapplied"], rows)

P("### Open items after allocation")
P("")
rows = []
for e in ("FR", "BE"):
    for d in sorted(all_docs[e], key=lambda d: (d["cust"], d["due"], d["no"])):
        if d["after"] == 0:
            continue
        note = []
        if d["open"] < d["amount"] and d["kind"] == "invoice":
            note.append("partly paid before cut-off")
        if alloc.get(d["no"]) and d["after"]:
            note.append("partly paid after cut-off")
        if d["no"] == disputed["no"]:
            note.append("disputed")
        if d["cust"] == PAUSE_CUSTOMER:
            note.append("paused")
        if d["cust"] == PROMISE_CUSTOMER:
            note.append("promised")
        if d.get("conditions") == "30 jours fin de mois":
            note.append("due from Conditions 30 jours fin de mois")
        rows.append([e, d["cust"], d["no"], d["kind"], d["date"].isoformat(), d["due"].isoformat(),
                     fmt_eur(d["amount"]), fmt_eur(d["after"]), d["days"],
                     bucket(d["days"]) if d["kind"] == "invoice" else "", ", ".join(note)])
md_table(["entity", "customer", "document", "kind", "date", "due", "amount", "open", "days overdue",
          "bucket", "note"], rows)

P("## Holds (`holds.csv`)")
P("")
md_table(["kind", "customer", "entity", "document", "until", "amount", "concerns"], [
    ["dispute", disputed["cust"], "FR", disputed["no"], "", "",
     f"{fmt_eur(disputed['after'])} open, due {disputed['due'].isoformat()} ({disputed['days']} days overdue): "
     "out of the dunning flow, in the dispute pool, still in the aged balance"],
    ["promise", PROMISE_CUSTOMER, "BE", "", "2026-11-27", fmt_eur(promise_overdue),
     "= the customer's overdue balance; no payment in the bank file, so `open` at 2026-11-20"],
    ["pause", PAUSE_CUSTOMER, "FR", "", "2026-12-05", "",
     f"whole customer ({fmt_eur(pause_open)} open): no reminder until 2026-12-05"],
])

P("## Preventive reminders (open invoices due 2026-11-21 … 2026-11-30)")
P("")
rows = []
for e in ("FR", "BE"):
    for d in sorted(all_docs[e], key=lambda d: (d["due"], d["no"])):
        if d["kind"] == "invoice" and d["after"] > 0 and -10 <= d["days"] <= -1:
            rows.append([e, d["cust"], d["no"], d["due"].isoformat(), -d["days"], fmt_eur(d["after"])])
md_table(["entity", "customer", "document", "due", "days to due", "open"], rows)

P("## Customer file")
P("")
P(f"- {len(customers)} customers: FR {sum(c['entity'] == 'FR' for c in customers)}, "
  f"BE {sum(c['entity'] == 'BE' for c in customers)}.")
P("- No e-mail: " + ", ".join(f"{c['cid']} ({c['name']})" for c in customers if not c["email"])
  + " — fall back to a letter.")
P("- Two addresses: " + ", ".join(c["cid"] for c in customers if ";" in c["email"]) + ".")
P("- Invalid e-mail (reported in rejects, customer kept): " + ", ".join(
    f"{c['cid']} `{c['email']}`" for c in customers if "@@" in c["email"]) + ".")
P(f"- IBANs (all valid mod 97): {sum(bool(c['iban']) for c in customers)} customers.")
P("- Segments: key_account " + ", ".join(c["cid"] for c in customers if c["segment"] == "key_account")
  + "; consumer " + ", ".join(c["cid"] for c in customers if c["segment"] == "consumer") + ".")
P("- Outside the EU: " + ", ".join(f"{c['cid']} ({c['country']}, {c['lang']}, plan `{c['plan']}`)"
                                   for c in customers if c["country"] == "CH") + ".")
P("")

with open(os.path.join(DEMO, "EXPECTED.md"), "w", encoding="utf-8", newline="\n") as f:
    f.write("\n".join(out))

# --------------------------------------------------------------------------
# summary
# --------------------------------------------------------------------------
print(f"demo inbox written to {INBOX}")
for k, v in written.items():
    print(f"  {k:36} {v:4d} rows")
for e in ("FR", "BE"):
    s = S[e]
    print(f"{e}: {s['rows']} ledger rows ({s['inv']} invoices, {s['cn']} credit notes), "
          f"{s['inv_open']} open invoices, open {fmt_eur(s['sum_open'])} -> after bank {fmt_eur(s['sum_after'])}")
print(f"FR bank after cut-off: {len(fr_cases)} matched credits ({fmt_eur(fr_alloc_sum)} allocated, "
      f"{fmt_eur(fr_unap)} unapplied), {len(fr_unmatched)} unmatched ({fmt_eur(fr_unm)}); "
      f"{len(fr_booked)} already booked; {len(FR_DEBITS)} debits")
print(f"BE bank: {len(be_cases)} credits ({fmt_eur(be_alloc_sum)} allocated); {len(BE_DEBITS)} debits")
print(f"holds: dispute {disputed['no']} ({disputed['cust']}), promise {PROMISE_CUSTOMER} "
      f"{fmt_eur(promise_overdue)} until 2026-11-27, pause {PAUSE_CUSTOMER} until 2026-12-05")
print(f"expected figures: {os.path.join(DEMO, 'EXPECTED.md')}")
