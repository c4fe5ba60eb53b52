-- The national Pilkada 2024 schedule (PKPU 2/2024, tahapan dan jadwal Pemilihan Gubernur, Bupati dan
-- Wali Kota 2024) ships as an example election. Fixed id: applying it twice changes nothing.
-- Watch items name report-category codes (packages/shared/src/domain/report-categories.ts) where one fits.
INSERT INTO elections (id, name, kind, region_code, scope_path, voting_day)
VALUES ('2024b11e-0000-4000-8000-000000000027', 'Pemilihan Serentak 2024 (Pilkada)', 'pilkada', NULL, '', '2024-11-27')
ON CONFLICT (id) DO NOTHING;

INSERT INTO election_stages (election_id, code, name, position, starts_on, ends_on, watch_items)
SELECT '2024b11e-0000-4000-8000-000000000027', code, name, position, starts_on::date, ends_on::date, watch_items::jsonb
  FROM (VALUES
    ('monitor_registration', 'Pemberitahuan dan pendaftaran pemantau pemilihan', 0, '2024-02-27', '2024-11-16',
     '[{"category": null, "text": "Pemantau pemilihan terdaftar dan terakreditasi"}]'),
    ('voter_data_handover', 'Penyerahan daftar penduduk potensial pemilih (DP4)', 1, '2024-04-24', '2024-05-31',
     '[{"category": "election_administration", "text": "Akurasi data penduduk potensial pemilih"}]'),
    ('independent_support', 'Pemenuhan persyaratan dukungan pasangan calon perseorangan', 2, '2024-05-05', '2024-08-19',
     '[{"category": "election_administration", "text": "Dukungan KTP ganda atau dicatut"},
       {"category": "neutrality_violation", "text": "Kepala desa atau ASN menggalang dukungan"}]'),
    ('voter_list_update', 'Pemutakhiran dan penyusunan daftar pemilih', 3, '2024-05-31', '2024-09-23',
     '[{"category": "election_administration", "text": "Pemilih tidak tercoklit, ganda atau sudah meninggal"}]'),
    ('registration_notice', 'Pengumuman pendaftaran pasangan calon', 4, '2024-08-24', '2024-08-26',
     '[{"category": "inter_party_conflict", "text": "Tarik-menarik rekomendasi dan koalisi partai"}]'),
    ('candidate_registration', 'Pendaftaran pasangan calon', 5, '2024-08-27', '2024-08-29',
     '[{"category": "demonstration", "text": "Pengerahan massa saat pendaftaran di kantor KPU"},
       {"category": "supporter_clash", "text": "Gesekan antarpendukung di kantor KPU"}]'),
    ('candidate_verification', 'Penelitian persyaratan calon', 6, '2024-08-27', '2024-09-21',
     '[{"category": "dispute", "text": "Keberatan atas hasil penelitian persyaratan"},
       {"category": "conflict_of_interest", "text": null}]'),
    ('candidate_determination', 'Penetapan pasangan calon', 7, '2024-09-22', '2024-09-22',
     '[{"category": "dispute", "text": "Sengketa pencalonan ke Bawaslu"},
       {"category": "demonstration", "text": "Aksi pendukung bakal calon yang tidak ditetapkan"}]'),
    ('campaign', 'Pelaksanaan kampanye', 8, '2024-09-25', '2024-11-23',
     '[{"category": "supporter_clash", "text": "Bentrokan antarpendukung pasangan calon"},
       {"category": "money_politics", "text": null},
       {"category": "neutrality_violation", "text": "Netralitas ASN, TNI, Polri dan kepala desa"},
       {"category": "hate_speech_hoax", "text": "Hoaks dan polarisasi SARA di media sosial"},
       {"category": "conflict_of_interest", "text": "Penggunaan fasilitas dan anggaran daerah oleh petahana"}]'),
    ('quiet_period', 'Masa tenang', 9, '2024-11-24', '2024-11-26',
     '[{"category": "money_politics", "text": "Serangan fajar"},
       {"category": null, "text": "Alat peraga kampanye sudah dibersihkan"},
       {"category": "hate_speech_hoax", "text": "Kampanye terselubung di media sosial"}]'),
    ('voting', 'Pemungutan suara', 10, '2024-11-27', '2024-11-27',
     '[{"category": "logistics_disruption", "text": "Logistik terlambat, kurang atau rusak di TPS"},
       {"category": "intimidation_violence", "text": "Intimidasi pemilih dan petugas KPPS"},
       {"category": "natural_disaster", "text": "TPS terdampak banjir atau longsor"},
       {"category": "money_politics", "text": null}]'),
    ('counting_recapitulation', 'Penghitungan suara dan rekapitulasi hasil penghitungan suara', 11, '2024-11-27', '2024-12-16',
     '[{"category": "dispute", "text": "Keberatan saksi dan sengketa hasil"},
       {"category": "demonstration", "text": "Pengerahan massa di lokasi rekapitulasi"},
       {"category": "intimidation_violence", "text": "Pengamanan kotak suara dan petugas rekapitulasi"},
       {"category": "election_administration", "text": "Selisih hasil dan rekomendasi pemungutan suara ulang"}]')
  ) AS s(code, name, position, starts_on, ends_on, watch_items)
ON CONFLICT (election_id, code) DO NOTHING;
