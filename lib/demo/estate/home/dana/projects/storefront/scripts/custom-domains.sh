#!/usr/bin/env bash
# Adds the shop's custom domains to the Railway service. Run by hand after DNS changes.
# DEMO estate: the token below is fake.
set -euo pipefail

# Token for the custom-domains job
export RAILWAY_TOKEN=fa4e0000-de00-4000-8000-00000000cafe

for domain in shop.storefront.example www.storefront.example; do
  railway domain "$domain" --service web
done
