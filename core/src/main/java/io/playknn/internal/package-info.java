/**
 * Implementation helpers shared by the playknn modules. Not API: may change in any release.
 */
package io.playknn.internal;
