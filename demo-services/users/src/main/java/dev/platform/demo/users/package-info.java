/** The users service: registration, login (token issuance) and user profiles. */
@NullMarked
package dev.platform.demo.users;

import org.jspecify.annotations.NullMarked;
