/**
 * Reading the Last.fm 360K ({@code usersha1-artmbid-artname-plays.tsv}, {@code usersha1-profile.tsv})
 * and hetrec-2011 2K files into the artist × user matrix with artist and user id mappings, and a
 * generator of synthetic data in the 360K format. (To be built: issue "io-lastfm".)
 */
package io.playknn.lastfm;
